import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startSystem, type System } from './support/system';

/*
 * A hung Redis (SIGSTOP: its connection stays open, nothing is answered) must not slow
 * the gateway: after the first few commands time out within their budget, the Redis
 * breaker stops waiting, every request is answered at normal speed on the in-memory
 * fallbacks, and the gateway stays ready. The Redis is the test's own, never the shared one.
 */

const BUDGET_MS = 150;
/** The bound: the Redis budget plus normal time, well under one second. */
const WELL_UNDER_ONE_SECOND_MS = 600;

let redis: PrivateRedis;
let system: System;
beforeAll(async () => {
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  redis = await startPrivateRedis();
  system = await startSystem({ REDIS_URL: redis.url, REDIS_BUDGET_MS: String(BUDGET_MS), CACHE_TTL_SECONDS: '60' });
});
afterAll(async () => {
  redis?.resume();
  await system?.close();
  await redis?.kill();
});

const QUERY = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status holder { name } } }`;
const IDS = ['sz-family-valid', 'sz-medical-none', 'sz-suspended', 'sh-family-valid', 'hz-family-valid', 'ah-family-valid'].map(
  (name) => scenarioByName(name).permitId,
);

async function timedLookup(id: string): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  const res = await gql(system.gatewayUrl, QUERY, { id });
  return { ms: performance.now() - started, ok: res.status === 200 && res.errors === undefined };
}

it('answers every request while Redis hangs, each within the budget plus normal time after the first few, and stays ready', async () => {
  expect((await timedLookup(IDS[0]!)).ok).toBe(true);
  redis.pause();

  const timings: Array<{ ms: number; ok: boolean }> = [];
  for (let i = 0; i < 12; i++) timings.push(await timedLookup(IDS[i % IDS.length]!));
  expect(timings.every((t) => t.ok)).toBe(true);
  // The first three may each pay the budget a few times (rate limit, cache, audit) before the breaker opens.
  const afterFirstFew = timings.slice(3).map((t) => Math.round(t.ms));
  expect(afterFirstFew.filter((ms) => ms >= WELL_UNDER_ONE_SECOND_MS)).toEqual([]);

  const ready = await fetch(`${system.gatewayBase}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', redis: 'degraded' });
});

it('waits for Redis again once it answers: the cache serves hits again', async () => {
  redis.resume();
  const redisOk = async () => ((await (await fetch(`${system.gatewayBase}/readyz`)).json()) as { redis: string }).redis === 'ok';
  expect(await until(redisOk, 15_000)).toBe(true);
  const id = scenarioByName('ah-grace-period').permitId;
  system.resetFetches();
  expect((await timedLookup(id)).ok).toBe(true);
  expect((await timedLookup(id)).ok).toBe(true);
  expect(system.fetches.anhui).toBe(1);
});
