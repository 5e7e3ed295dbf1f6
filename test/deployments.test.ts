import { Redis } from 'ioredis';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

/*
 * Two gateway deployments on one Redis, told apart by REDIS_KEY_PREFIX: a breaker
 * opening in one is not seen by the other (replicas.test.ts: within one deployment it
 * is), and every key and channel either uses carries its own prefix.
 */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

let redis: PrivateRedis;
let client: Redis;
let subgraphs: ServiceProcess[] = [];
let gatewayA: ServiceProcess;
let gatewayB: ServiceProcess;

beforeAll(async () => {
  redis = await startPrivateRedis();
  client = new Redis(redis.url);
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name)));
  const env = {
    SCHEMA_DIR: 'dist/schemas',
    REDIS_URL: redis.url,
    BREAKER_VOLUME_THRESHOLD: '3',
    BREAKER_RESET_TIMEOUT_MS: '30000',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  };
  // B never probes and gets no traffic: whatever it knows of a region, it learnt from Redis.
  [gatewayA, gatewayB] = (await startAll([
    startService('gateway', { ...env, REDIS_KEY_PREFIX: 'yrd-a:', PROBE_INTERVAL_MS: '200' }),
    startService('gateway', { ...env, REDIS_KEY_PREFIX: 'yrd-b:', PROBE_INTERVAL_MS: '600000' }),
  ])) as [ServiceProcess, ServiceProcess];
});
afterAll(async () => {
  await Promise.all([gatewayA?.stop(), gatewayB?.stop(), ...subgraphs.map((s) => s.stop())]);
  await client?.quit();
  await redis?.kill();
});

const breakerOf = async (gateway: ServiceProcess, subgraph: string) => {
  const body = (await (await fetch(`${gateway.baseUrl}/health/regions`)).json()) as { regions: Array<{ subgraph: string; breaker: string }> };
  return body.regions.find((r) => r.subgraph === subgraph)!.breaker;
};

it('keeps a breaker opened in one deployment out of the other, and every key under its own prefix', async () => {
  // Traffic through A first, so it has cache, rate-limit and audit keys of its own.
  const ok = await gql(gatewayA.graphqlUrl, `{ permit(id: "${scenarioByName('sh-family-valid').permitId}") { id status } }`);
  expect(ok.errors).toBeUndefined();

  await subgraphs.find((s) => s.name === 'anhui')!.kill();
  const id = scenarioByName('ah-family-valid').permitId;
  const openInA = await until(async () => {
    await gql(gatewayA.graphqlUrl, `{ permit(id: "${id}") { id status } }`);
    return (await breakerOf(gatewayA, 'anhui')) === 'open';
  });
  expect(openInA).toBe(true);
  // Within one deployment B would see it in well under a second (replicas.test.ts).
  const seenInB = await until(async () => (await breakerOf(gatewayB, 'anhui')) === 'open', 3000);
  expect(seenInB).toBe(false);

  const keys = await client.keys('*');
  expect(keys.filter((k) => !k.startsWith('yrd-a:') && !k.startsWith('yrd-b:'))).toEqual([]);
  expect(keys).toEqual(
    expect.arrayContaining(['yrd-a:breaker:anhui', 'yrd-a:ratelimit:demo-all', 'yrd-a:audit', expect.stringMatching(/^yrd-a:entity:/)]),
  );
  expect(keys.filter((k) => k.startsWith('yrd-b:'))).toEqual([]);
  expect(((await client.pubsub('CHANNELS')) as string[]).sort()).toEqual(['yrd-a:breaker', 'yrd-b:breaker']);
});
