import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { SUBGRAPH_NAMES, type ServiceName } from '../common/defaults';
import { listen, type RunningService } from '../common/httpService';
import { createLogger } from '../common/logger';
import { loadGatewayConfig, subgraphUrlVariable } from '../gateway/config';
import { createGateway } from '../gateway/createGateway';
import { registryIds } from '../mocks/generate';
import { scenarioByName } from '../mocks/scenarios';
import { SUBGRAPH_BODY_LIMIT_BYTES } from '../subgraphs/createSubgraphApp';
import { partnerHeaders } from './support/auth';
import { gatewayCredential, gatewayHeaders } from './support/gatewayCredential';
import { codes, gql, type GqlResponse } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * Subgraphs answer the gateway only: every route but /healthz of every subgraph process
 * needs the gateway's credential for that subgraph. Real processes, reached directly as
 * a hostile caller on their network would reach them.
 */

/** Registry size of the subgraphs here: small, so the test can list their permits quickly. */
const MOCK_SIZE = 600;

let system: System;
beforeAll(async () => {
  system = await startSystem({ MOCK_SIZE: String(MOCK_SIZE) });
}, 30_000);
afterAll(() => system?.close());
beforeEach(() => system.resetFetches());

const SH_PERMIT = scenarioByName('sh-family-valid').permitId;
const SERVICE_SDL = /* GraphQL */ `{ _service { sdl } }`;

/** The `_entities` call the gateway would make of each subgraph tried here. */
const ENTITIES: Record<'shanghai' | 'interop', { query: string; representations: object[] }> = {
  shanghai: {
    query: /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ShanghaiPermit { id status holder { name } } } }`,
    representations: [{ __typename: 'ShanghaiPermit', id: SH_PERMIT }],
  },
  interop: {
    query: /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ShanghaiPermit { id } } }`,
    representations: [{ __typename: 'ShanghaiPermit', id: SH_PERMIT, decisionContext: null }],
  },
};

const url = (name: ServiceName) => system.subgraphs[name]!.graphqlUrl;
const entities = (name: 'shanghai' | 'interop', headers: Record<string, string> = {}) =>
  gql(url(name), ENTITIES[name].query, { r: ENTITIES[name].representations }, headers);
const auth = async (name: string, options?: Parameters<typeof gatewayCredential>[1]) => ({
  authorization: await gatewayCredential(name, options),
});

/** A 401 in the project's error shape, with nothing of the subgraph in it. */
function expectUnauthenticated(res: GqlResponse<unknown>): void {
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toEqual([
    {
      message: expect.any(String),
      extensions: { code: 'UNAUTHENTICATED', messageEn: expect.any(String), messageZh: expect.any(String) },
    },
  ]);
}

describe.each(['shanghai', 'interop'] as const)('the %s subgraph reached directly', (name) => {
  it('refuses _entities and _service without a credential (401 UNAUTHENTICATED)', async () => {
    expectUnauthenticated(await entities(name));
    expectUnauthenticated(await gql(url(name), SERVICE_SDL));
  });

  it('answers _entities and _service with the gateway’s credential for it', async () => {
    const headers = await gatewayHeaders(name);
    const found = await entities(name, headers);
    expect(found.status).toBe(200);
    expect(found.data).toEqual({ _entities: [expect.objectContaining({ id: SH_PERMIT })] });
    const sdl = await gql<{ _service: { sdl: string } }>(url(name), SERVICE_SDL, undefined, headers);
    expect(sdl.data?._service.sdl).toMatch(/ShanghaiPermit/);
  });

  it.each([
    ['signed by another key', { privateKey: generateKeyPairSync('ed25519').privateKey }],
    ['expired', { issuedAt: Math.floor(Date.now() / 1000) - 600, lifetimeSeconds: 60 }],
    ['issued too long ago, however late its exp', { issuedAt: Math.floor(Date.now() / 1000) - 3600, lifetimeSeconds: 86_400 }],
    ['from another issuer', { issuer: 'someone-else' }],
  ])('refuses a credential %s', async (_what, options) => {
    expectUnauthenticated(await entities(name, await auth(name, options)));
  });

  it('refuses a credential made out to another subgraph (suzhou’s)', async () => {
    expectUnauthenticated(await entities(name, await gatewayHeaders('suzhou')));
  });

  it('refuses a partner’s own token', async () => {
    expectUnauthenticated(await entities(name, { authorization: (await partnerHeaders('SCHOOLING')).authorization! }));
  });

  it('refuses /__faults without a credential and serves it with one', async () => {
    const faults = `${system.subgraphs[name]!.baseUrl}/__faults`;
    const refused = await fetch(faults, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"down":true}' });
    expect(refused.status).toBe(401);
    expect((await fetch(faults, { headers: await gatewayHeaders(name) })).status).toBe(200);
  });

  it('keeps /healthz open', async () => {
    const res = await fetch(`${system.subgraphs[name]!.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: name });
  });
});

describe('limits of a subgraph of its own', () => {
  it('answers an oversized body 413 PAYLOAD_TOO_LARGE, and a caller without credential 401 before reading it', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(SUBGRAPH_BODY_LIMIT_BYTES) } });
    const send = async (headers: Record<string, string>) =>
      fetch(url('suzhou'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const tooLarge = await send(await gatewayHeaders('suzhou'));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect((await send({})).status).toBe(401);
  });

  it.each([
    ['too deep', `{ __type(name: "Query") { ${'ofType { '.repeat(20)} name ${'} '.repeat(20)} } }`],
    ['too many aliases', `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }`],
    ['too many tokens', `{ __typename ${'__typename '.repeat(25_000)} }`],
  ])('refuses an operation %s with 400 QUERY_TOO_COMPLEX', async (_what, query) => {
    const res = await gql(url('shanghai'), query, undefined, await gatewayHeaders('shanghai'));
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('lets the largest fetch the gateway makes through: 500 recognitions of one region’s permits', async () => {
    const ids = registryIds('SHANGHAI', { size: MOCK_SIZE }).slice(0, 500);
    const res = await gql<{ recognise: Array<{ error: unknown; permit: { requestedRecognition: { decision: string } | null } | null }> }>(
      system.gatewayUrl,
      /* GraphQL */ `query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { error { code } permit { requestedRecognition { decision reasons { code observed required } verification { signatureValid } } } } }`,
      { r: ids.map((permitId) => ({ permitId, host: 'SHANGHAI', service: 'MEDICAL_BILLING' })) },
      await partnerHeaders('MEDICAL_BILLING'),
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recognise.filter((item) => item.permit?.requestedRecognition)).toHaveLength(500);
    // The interop hub's @requires fetch, which carries the signed record of each of the 500
    // permits, is the largest; the limit keeps at least twice its size in hand.
    const largest = Math.max(...system.sent.map((s) => s.bodyBytes));
    expect(largest).toBeGreaterThan(50_000);
    expect(largest * 2).toBeLessThan(SUBGRAPH_BODY_LIMIT_BYTES);
  }, 30_000);
});

describe('the gateway’s credential', () => {
  it('goes with every fetch, made out to that subgraph; the partner’s token never does', async () => {
    const partner = await partnerHeaders('MEDICAL_BILLING');
    const res = await gql(
      system.gatewayUrl,
      // A selection of its own, so that no entity cached by another test spares the city fetch.
      /* GraphQL */ `{ permit(id: "${SH_PERMIT}") { id ... on ShanghaiPermit { category } recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`,
      undefined,
      partner,
    );
    expect(res.errors).toBeUndefined();
    // Routing is answered in the gateway (localRouting); the record from the city, the decision from the hub.
    expect(system.sent.map((s) => s.subgraph).sort()).toEqual(['interop', 'shanghai']);
    for (const { subgraph, authorization } of system.sent) {
      expect(authorization).not.toBe(partner.authorization);
      const [scheme, token] = (authorization ?? '').split(' ');
      expect(scheme).toBe('Bearer');
      expect(decodeJwt(token!)).toMatchObject({ iss: 'yrd-gateway', aud: subgraph });
    }
  });

  it('signed with a key the subgraphs do not hold gets typed region errors, and the gateway keeps serving', async () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'development',
      AUDIT_SPOOL_FILE: `/tmp/yrd-audit-${process.pid}-wrong-key.jsonl`,
      SCHEMA_DIR: 'dist/schemas',
      ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), url(s)])),
      SUBGRAPH_AUTH_PRIVATE_KEY: randomBytes(32).toString('base64url'),
      PROBE_INTERVAL_MS: '600000',
    });
    const gateway: RunningService = await listen(
      await createGateway({ config, logger: createLogger('gateway', 'silent') }),
      0,
      '127.0.0.1',
      1000,
    );
    try {
      const headers = await partnerHeaders('SCHOOLING');
      for (let i = 0; i < 2; i++) {
        const res = await gql<{ permit: unknown }>(`${gateway.url}/graphql`, `{ permit(id: "${SH_PERMIT}") { id status } }`, undefined, headers);
        expect(res.status).toBe(200);
        expect(res.data).toEqual({ permit: null });
        expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
        expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|401|UNAUTHENTICATED/);
      }
      expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
      const regions = (await (await fetch(`${gateway.url}/health/regions`)).json()) as {
        regions: Array<{ subgraph: string; lastErrorCode?: string | null }>;
      };
      expect(regions.regions.find((r) => r.subgraph === 'shanghai')).toMatchObject({ lastErrorCode: 'REGION_UNAVAILABLE' });
    } finally {
      await gateway.close();
    }
  });
});
