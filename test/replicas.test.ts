import { SUBGRAPH_NAMES } from '../common/defaults';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

/* Two gateway processes on one Redis: a breaker opening in one shows in the other. */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

let redis: PrivateRedis;
let subgraphs: ServiceProcess[] = [];
let gatewayA: ServiceProcess;
let gatewayB: ServiceProcess;

beforeAll(async () => {
  redis = await startPrivateRedis();
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name)));
  const env = {
    SCHEMA_DIR: 'dist/schemas',
    REDIS_URL: redis.url,
    BREAKER_VOLUME_THRESHOLD: '3',
    BREAKER_RESET_TIMEOUT_MS: '30000',
    CACHE_TTL_SECONDS: '0',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  };
  // B never probes and gets no traffic: whatever it knows of a region, it learnt from A.
  [gatewayA, gatewayB] = await Promise.all([
    startService('gateway', { ...env, PROBE_INTERVAL_MS: '200' }),
    startService('gateway', { ...env, PROBE_INTERVAL_MS: '600000' }),
  ]);
});
afterAll(async () => {
  await Promise.all([gatewayA?.stop(), gatewayB?.stop(), ...subgraphs.map((s) => s.stop())]);
  await redis?.kill();
});

const breakerOf = async (gateway: ServiceProcess, subgraph: string) => {
  const body = (await (await fetch(`${gateway.baseUrl}/health/regions`)).json()) as { regions: Array<{ subgraph: string; breaker: string }> };
  return body.regions.find((r) => r.subgraph === subgraph)!.breaker;
};

it('shows a breaker opened in one replica in the other replica', async () => {
  expect(await breakerOf(gatewayB, 'anhui')).toBe('closed');
  await subgraphs.find((s) => s.name === 'anhui')!.kill();
  const id = scenarioByName('ah-family-valid').permitId;
  const openInA = await until(async () => {
    await gql(gatewayA.graphqlUrl, `{ permit(id: "${id}") { id status } }`);
    return (await breakerOf(gatewayA, 'anhui')) === 'open';
  });
  expect(openInA).toBe(true);
  expect(await until(async () => (await breakerOf(gatewayB, 'anhui')) === 'open', 5000)).toBe(true);
  expect(await breakerOf(gatewayB, 'shanghai')).toBe('closed');
});

it("lists the opening in the other replica's history under the replica that opened it", async () => {
  const history = async (gateway: ServiceProcess) =>
    (await (await fetch(`${gateway.baseUrl}/health/history`)).json()) as { replica: string; transitions: Array<{ subgraph: string; to: string; replica: string }> };
  const a = await history(gatewayA);
  const b = await history(gatewayB);
  expect(a.replica).not.toBe(b.replica);
  expect(b.transitions.find((t) => t.subgraph === 'anhui' && t.to === 'open')?.replica).toBe(a.replica);
  expect(a.transitions.find((t) => t.subgraph === 'anhui' && t.to === 'open')?.replica).toBe(a.replica);
});
