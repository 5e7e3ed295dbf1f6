import { generateKeyPairSync } from 'node:crypto';
import { GraphQLDataSourceRequestKind } from '../../../common/apolloInternals';
import type { Fetcher } from '@apollo/utils.fetcher';
import { parse, type GraphQLError } from 'graphql';
import { jwtVerify } from 'jose';
import { defaultGuardSettings } from './support';
import { createLogger } from '../../../common/logger';
import { subgraphCredentials } from '../../auth/subgraphCredentials';
import { memoryEntityCache } from '../cache/entityCache';
import type { GatewayContext } from '../../GatewayContext';
import { RegionDataSource } from '../RegionDataSource';
import { RegionGuard } from '../resilience/RegionGuard';
import { StaleReport } from '../StaleReport';
import type { OperationAnalysis } from '../../operation/OperationAnalysis';

const logger = createLogger('test', 'silent');
const settings = defaultGuardSettings;

/** A data source of `shanghai` whose fetcher records the headers and answers `status`. */
function dataSource(status = 200) {
  const keys = generateKeyPairSync('ed25519');
  const sent: Array<Record<string, string>> = [];
  const fetcher: Fetcher = async (_url, init) => {
    sent.push({ ...(init?.headers as Record<string, string>) });
    const body = status === 200 ? { data: { __typename: 'Query' } } : { errors: [{ message: 'no' }] };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }) as unknown as Awaited<ReturnType<Fetcher>>;
  };
  const guard = new RegionGuard('shanghai', 'SHANGHAI', settings, logger);
  const source = new RegionDataSource({ name: 'shanghai', url: 'http://shanghai.test/graphql', guard, credential: subgraphCredentials(keys.privateKey), fetcher, logger });
  const send = (headers: Record<string, string> = {}) =>
    source.process({
      kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
      request: { query: '{ __typename }', http: { method: 'POST', url: '', headers: new Headers(headers) as never } },
      context: {} as GatewayContext,
    });
  return { send, sent, publicKey: keys.publicKey, close: () => guard.shutdown() };
}

/** A request context as the operation analysis leaves it: a plain read, or one asking for a decision. */
function readContext(selectsRecognition = false): Partial<GatewayContext> {
  return { purpose: 'SCHOOLING', analysis: { selectsRecognition } as OperationAnalysis };
}

describe('RegionDataSource', () => {
  it('sends the gateway’s credential for its subgraph, and only it, whatever Authorization the request held', async () => {
    const { send, sent, publicKey, close } = dataSource();
    try {
      await send({ authorization: 'Bearer a-partner-token', 'x-other': '1' });
      expect(sent).toHaveLength(1);
      const authorization = Object.entries(sent[0]!).filter(([name]) => name.toLowerCase() === 'authorization');
      expect(authorization).toHaveLength(1);
      const [, value] = authorization[0]!;
      expect(value).not.toContain('a-partner-token');
      const { payload } = await jwtVerify(value.replace(/^Bearer /, ''), publicKey, { issuer: 'yrd-gateway', audience: 'shanghai' });
      expect(payload.exp! - payload.iat!).toBe(60);
    } finally {
      close();
    }
  });

  it('turns a subgraph’s 401 (a key it does not hold) into REGION_UNAVAILABLE, not a crash', async () => {
    const { send, close } = dataSource(401);
    try {
      const res = await send();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['REGION_UNAVAILABLE']);
      expect(JSON.stringify(res)).not.toMatch(/shanghai\.test|UNAUTHENTICATED/);
    } finally {
      close();
    }
  });

  it.each([400, 404, 422])('answers a subgraph’s %i without its URL or body (internal addresses are not a partner’s business)', async (status) => {
    const { send, close } = dataSource(status);
    try {
      // A 4xx is not the region's fault: it is no RegionFailure and reaches the gateway's executor as an error.
      const error = await send().then(
        (res) => { throw new Error(`answered ${JSON.stringify(res)}`); },
        (err: GraphQLError) => err,
      );
      expect(error.extensions.response).toEqual({ status });
      expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(/shanghai\.test|"no"|url|body/);
    } finally {
      close();
    }
  });
});

/** What the fake city does with one fetch. */
type Outcome = 'answer' | 'refuse' | 'hang';

const ENTITIES = /* GraphQL */ `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Permit { id status } } }`;
const MUTATION = /* GraphQL */ `mutation ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Permit { id } } }`;
const TTL_MS = 60_000;
const STALE_MS = 300_000;

/**
 * A `suzhou` data source over a fake city: each fetch takes the next outcome of `script`
 * (then answers), and records the permit numbers it was sent. With the entity cache.
 */
function city(script: Outcome[] = [], timeoutMs = 1_000) {
  const keys = generateKeyPairSync('ed25519');
  const fetched: string[][] = [];
  const fetcher = ((_url: string, init: { body: string; signal: AbortSignal }) => {
    const reps = (JSON.parse(init.body) as { variables: { representations: Array<{ id: string }> } }).variables.representations;
    fetched.push(reps.map((r) => r.id));
    const outcome = script.shift() ?? 'answer';
    if (outcome === 'refuse') return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    if (outcome === 'hang') return new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    const body = { data: { _entities: reps.map((r) => ({ __typename: 'Permit', id: r.id, status: 'VALID' })) } };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  }) as unknown as Fetcher;
  const guard = new RegionGuard('suzhou', 'SUZHOU', { ...settings, timeoutMs }, logger);
  const report = new StaleReport();
  const source = new RegionDataSource({
    name: 'suzhou',
    url: 'http://suzhou.test/graphql',
    guard,
    credential: subgraphCredentials(keys.privateKey),
    cache: { store: memoryEntityCache(TTL_MS + STALE_MS), ttlMs: TTL_MS, staleMs: STALE_MS, report },
    fetcher,
    logger,
  });
  const fetch = (ids: string[], context: Partial<GatewayContext> = readContext(), query = ENTITIES) =>
    source.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: {
        query,
        variables: { representations: ids.map((id) => ({ __typename: 'Permit', id })) },
        http: { method: 'POST', url: '', headers: new Headers() as never },
      },
      document: parse(query),
      // The same object, not a copy: the stale report names a request by its context.
      context: context as GatewayContext,
      incomingRequestContext: {} as never,
    });
  guards.push(guard);
  return { fetch, fetched, guard, report };
}

let guards: RegionGuard[] = [];
afterEach(() => {
  for (const g of guards) g.shutdown();
  guards = [];
  jest.restoreAllMocks();
});

const codesById = (res: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  res.errors?.map((e) => [e.extensions?.permitId, e.extensions?.code]);

describe('RegionDataSource over a city', () => {
  it('answers every entity with a typed error, without a fetch, while the breaker is open', async () => {
    const { fetch, fetched, guard } = city();
    guard.applyRemote('open', Date.now());
    const res = await fetch(['A', 'B']);
    expect(fetched).toEqual([]);
    expect(codesById(res)).toEqual([
      ['A', 'REGION_UNAVAILABLE'],
      ['B', 'REGION_UNAVAILABLE'],
    ]);
    expect(res.errors?.[0]?.extensions?.retryAfterMs).toEqual(expect.any(Number));
  });

  it('answers a fetch past the subgraph’s timeout with REGION_TIMEOUT, and does not retry it', async () => {
    const { fetch, fetched } = city(['hang'], 50);
    const res = await fetch(['A']);
    expect(codesById(res)).toEqual([['A', 'REGION_TIMEOUT']]);
    expect(fetched).toHaveLength(1);
  });

  it('retries a query once after a refused connection', async () => {
    const { fetch, fetched } = city(['refuse']);
    const res = await fetch(['A']);
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ __typename: 'Permit', id: 'A', status: 'VALID' }]);
    expect(fetched).toEqual([['A'], ['A']]);
  });

  it('never retries a mutation, even after a refused connection', async () => {
    const { fetch, fetched } = city(['refuse']);
    const res = await fetch(['A'], undefined, MUTATION);
    expect(codesById(res)).toEqual([['A', 'REGION_UNAVAILABLE']]);
    expect(fetched).toHaveLength(1);
  });

  it('fetches only the entities it has no fresh entry for', async () => {
    const { fetch, fetched } = city();
    await fetch(['A', 'B']);
    const res = await fetch(['A', 'C', 'B']);
    expect(fetched).toEqual([['A', 'B'], ['C']]);
    expect((res.data?._entities as Array<{ id: string }>).map((e) => e.id)).toEqual(['A', 'C', 'B']);
  });

  it('serves an expired entry while the city fails to a plain read, reported, and never to a decision', async () => {
    const { fetch, fetched, report } = city(['answer', 'refuse', 'refuse', 'refuse', 'refuse']);
    await fetch(['A']);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + TTL_MS + 10_000);

    const plainRead = readContext() as GatewayContext;
    const read = await fetch(['A'], plainRead);
    expect(read.errors).toBeUndefined();
    expect(read.data?._entities).toEqual([{ __typename: 'Permit', id: 'A', status: 'VALID' }]);
    expect(report.take(plainRead)).toEqual([{ subgraph: 'suzhou', permitId: 'A', ageSeconds: expect.any(Number) }]);

    const decision = readContext(true) as GatewayContext;
    const decided = await fetch(['A'], decision);
    expect(decided.data?._entities).toEqual([null]);
    expect(codesById(decided)).toEqual([['A', 'REGION_UNAVAILABLE']]);
    expect(report.take(decision)).toEqual([]);
    expect(fetched).toHaveLength(5); // each failed read retried once
  });
});
