import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startSystem, type System } from './support/system';

/* Redis stopped mid-run: no failed request; Redis back: caching resumes by itself. */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

let redis: PrivateRedis;
let system: System;
beforeAll(async () => {
  redis = await startPrivateRedis();
  system = await startSystem({ REDIS_URL: redis.url, CACHE_TTL_SECONDS: '60' });
});
afterAll(async () => {
  await system?.close();
  await redis?.kill();
});

const QUERY = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status holder { name } } }`;

async function lookTwice(id: string) {
  system.resetFetches();
  const first = await gql(system.gatewayUrl, QUERY, { id });
  const second = await gql(system.gatewayUrl, QUERY, { id });
  return { first, second, cityFetches: system.fetches.suzhou ?? 0 };
}

it('caches city entities in Redis, serves misses while Redis is down, and caches again once it is back', async () => {
  const before = await lookTwice(scenarioByName('sz-family-valid').permitId);
  expect(before.first.errors).toBeUndefined();
  expect(before.second.data).toEqual(before.first.data);
  expect(before.cityFetches).toBe(1); // the second read was a cache hit

  await redis.kill();
  const during = await lookTwice(scenarioByName('sz-medical-none').permitId);
  expect(during.first.errors).toBeUndefined();
  expect(during.second.errors).toBeUndefined();
  expect(during.second.status).toBe(200);
  expect(during.cityFetches).toBe(2); // no cache: both reads went to Suzhou
  // Still ready: the gateway serves on its in-memory fallbacks.
  const ready = await fetch(`${system.gatewayBase}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', redis: 'degraded' });

  await redis.start();
  const redisOk = async () => ((await (await fetch(`${system.gatewayBase}/readyz`)).json()) as { redis: string }).redis === 'ok';
  expect(await until(redisOk, 15_000)).toBe(true);
  const after = await lookTwice(scenarioByName('sz-suspended').permitId);
  expect(after.first.errors).toBeUndefined();
  expect(after.cityFetches).toBe(1);
});
