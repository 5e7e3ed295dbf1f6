import { DEFAULTS } from '../common/defaults';
import { REGIONS, REGION_INFO, type Region } from '../common/regions';
import { registryIds } from '../mocks/generate';
import { loadScenarios, scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/* Permit lookup end to end: real subgraph processes, the gateway in this process. */

// Not SCHOOLING: its personal data come only on the holder's code (the first test presents one).
beforeAll(async () => sendHeaders(await partnerHeaders('MEDICAL_BILLING')));

// Generated before the system starts: generating takes seconds of blocked event loop, and
// a keep-alive socket between this process and the gateway in it would time out meanwhile
// and be reset under the next request (ECONNRESET on a loaded machine).
let perRegionIds: string[][];
beforeAll(() => {
  perRegionIds = REGIONS.map((r) => registeredIds(r, 25));
});

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system?.close());
beforeEach(() => system.resetFetches());

const LOCAL_FIELDS: Record<Region, string> = {
  SHANGHAI: '... on ShanghaiPermit { category points }',
  SUZHOU: '... on SuzhouPermit { points district }',
  HANGZHOU: '... on HangzhouPermit { points district }',
  ANHUI: '... on AnhuiPermit { issuingCityCode issuingCityName }',
};

const PERMIT_QUERY = /* GraphQL */ `
  query Permit($id: ID!) {
    permit(id: $id) { __typename id issuer issuingAuthorityCode status validFrom validUntil residentSince holder { name idNumber } }
  }
`;
/** Every common and local field, SCHOOLING's included: on the holder's presented code. */
const PRESENTED_QUERY = /* GraphQL */ `
  query Presented($code: String!) {
    verifyPresentation(code: $code) {
      permit {
        __typename id issuer issuingAuthorityCode status validFrom validUntil residentSince
        holder { name idNumber }
        dependants { name birthDate }
        socialInsurance { contributionMonths }
        ${Object.values(LOCAL_FIELDS).join('\n')}
      }
    }
  }
`;

/** A SCHOOLING code for `permitId` from the city of `region`, as the holder's app gets one. */
async function presentedCode(region: Region, permitId: string): Promise<string> {
  const res = await fetch(`${system.subgraphs[REGION_INFO[region].subgraph]!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId, purpose: 'SCHOOLING' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

function registeredIds(region: Region, count: number): string[] {
  return registryIds(region).slice(40, 40 + count);
}

describe('permit(id:)', () => {
  it.each(REGIONS)('serves a %s scenario permit with its region-specific fields', async (region) => {
    const scenario = loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!;
    const code = await presentedCode(region, scenario.permitId);
    const res = await gql<{ verifyPresentation: { permit: Record<string, unknown> } }>(
      system.gatewayUrl,
      PRESENTED_QUERY,
      { code },
      await partnerHeaders('SCHOOLING'),
    );
    expect(res.errors).toBeUndefined();
    const permit = res.data!.verifyPresentation.permit;
    expect(permit).toMatchObject({ __typename: REGION_INFO[region].permitTypename, id: scenario.permitId, issuer: region, status: 'VALID' });
    expect(permit.holder).toEqual({
      name: expect.stringMatching(/^[^*]\*\*$/u),
      idNumber: expect.stringMatching(/^\*{14}\d{3}[\dX]$/),
    });
    const local = LOCAL_FIELDS[region].match(/\{ (.*) \}/)![1]!.split(' ');
    for (const field of local) expect(permit[field]).toEqual(expect.anything());
    expect(permit.dependants).toEqual(expect.any(Array));
    // The hub verifies the code and routes to the city: one fetch each.
    expect(system.fetches).toEqual({ interop: 1, [REGION_INFO[region].subgraph]: 1 });
  });

  it.each(REGIONS)('serves a %s scenario permit by number, routed in the gateway: one fetch, the city\'s', async (region) => {
    const scenario = loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!;
    const res = await gql<{ permit: Record<string, unknown> }>(system.gatewayUrl, PERMIT_QUERY, { id: scenario.permitId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.permit).toMatchObject({ __typename: REGION_INFO[region].permitTypename, id: scenario.permitId, issuer: region, status: 'VALID' });
    // The hub's routing answer is worked out in the gateway (localRouting): one fetch, the city's.
    expect(system.fetches).toEqual({ [REGION_INFO[region].subgraph]: 1 });
  });

  it.each([
    ['too short', '31011520240001234'],
    ['letters', '31011520240001234A5'],
    ['wrong check character', (() => {
      const id = scenarioByName('sh-family-valid').permitId;
      return id.slice(0, 18) + (id[18] === '0' ? '1' : '0');
    })()],
  ])('rejects a malformed number (%s) with INVALID_PERMIT_NUMBER and calls no subgraph', async (_label, id) => {
    const res = await gql(system.gatewayUrl, PERMIT_QUERY, { id });
    expect(codes(res)).toEqual(['INVALID_PERMIT_NUMBER']);
    expect(res.errors![0]!.extensions).toMatchObject({ messageZh: expect.any(String), messageEn: expect.any(String) });
    expect(res.status).toBe(400);
    expect(system.fetches).toEqual({});
  });

  it('answers a well-formed number of an unconnected region with UNKNOWN_ISSUER and calls no subgraph', async () => {
    const beijing = loadScenarios().find((s) => s.permitId.startsWith('11'))!;
    const res = await gql(system.gatewayUrl, `{ permit(id: "${beijing.permitId}") { id } }`);
    expect(codes(res)).toEqual(['UNKNOWN_ISSUER']);
    expect(system.fetches).toEqual({});
  });

  it('answers a well-formed unregistered number with PERMIT_NOT_FOUND from its region', async () => {
    const unregistered = loadScenarios().find((s) => s.region && !s.registered)!;
    const res = await gql<{ permit: unknown }>(system.gatewayUrl, PERMIT_QUERY, { id: unregistered.permitId });
    expect(res.data?.permit).toBeNull();
    expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
    expect(res.errors![0]!.extensions).toMatchObject({ region: 'SHANGHAI', permitId: unregistered.permitId });
  });
});

describe('permits(ids:)', () => {
  it('answers 100 ids over four regions in request order with one fetch per city and none to the hub', async () => {
    const perRegion = perRegionIds;
    // Interleave so request order differs from region order.
    const ids = perRegion[0]!.flatMap((_, i) => perRegion.map((list) => list[i]!));
    const res = await gql<{ permits: Array<{ id: string; error: unknown; permit: { id: string; issuer: string } }> }>(
      system.gatewayUrl,
      /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer status } } }`,
      { ids },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.permits.map((p) => p.permit.id)).toEqual(ids);
    expect(res.data!.permits.every((p) => p.error === null)).toBe(true);
    expect(system.fetches).toEqual({ shanghai: 1, suzhou: 1, hangzhou: 1, anhui: 1 });
  });

  it('gives a bad id its own error and answers the others', async () => {
    const good = scenarioByName('sh-family-valid').permitId;
    const beijing = loadScenarios().find((s) => s.permitId.startsWith('11'))!.permitId;
    const res = await gql<{ permits: Array<{ id: string; error: { code: string } | null; permit: { id: string } | null }> }>(
      system.gatewayUrl,
      /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code messageZh } permit { id status } } }`,
      { ids: ['nonsense', good, beijing] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.permits.map((p) => [p.id, p.error?.code ?? null, p.permit?.id ?? null])).toEqual([
      ['nonsense', 'INVALID_PERMIT_NUMBER', null],
      [good, null, good],
      [beijing, 'UNKNOWN_ISSUER', null],
    ]);
    expect(system.fetches).toEqual({ shanghai: 1 });
  });

  it('refuses a batch over 500 ids with BATCH_TOO_LARGE and calls no subgraph', async () => {
    const ids = Array.from({ length: 501 }, () => scenarioByName('sh-family-valid').permitId);
    const res = await gql(system.gatewayUrl, `query ($ids: [ID!]!) { permits(ids: $ids) { id } }`, { ids });
    expect(codes(res)).toEqual(['BATCH_TOO_LARGE']);
    expect(system.fetches).toEqual({});
  });
});

describe('regions', () => {
  it('lists the four connected regions with names and issuing codes', async () => {
    const res = await gql<{ regions: Array<{ region: string; nameZh: string; issuingCodePrefixes: string[] }> }>(
      system.gatewayUrl,
      `{ regions { region nameZh nameEn issuingCodePrefixes } }`,
    );
    expect(res.data!.regions.map((r) => r.region)).toEqual([...REGIONS]);
    expect(res.data!.regions.find((r) => r.region === 'SUZHOU')).toMatchObject({ nameZh: '苏州市', issuingCodePrefixes: ['3205'] });
  });
});
