import { Redis } from 'ioredis';
import { DEFAULTS } from '../common/defaults';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { keysUnder } from './support/redisKeys';
import { startSystem, type System } from './support/system';

/*
 * Redis stopped mid-run: no failed request, the replica's own memory still answers what it
 * holds; Redis back: entities are written to Redis again by themselves.
 */

beforeAll(async () => sendHeaders(await partnerHeaders('MEDICAL_BILLING')));

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

/** The names of the entity-cache entries in the test's Redis (HMACs: compared, not read). */
async function entitiesInRedis(): Promise<string[]> {
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await keysUnder(client, `${DEFAULTS.redisKeyPrefix}entity:`);
  } finally {
    client.disconnect();
  }
}

it('caches city entities in Redis, serves while Redis is down, and writes to Redis again once it is back', async () => {
  const before = await lookTwice(scenarioByName('sz-family-valid').permitId);
  expect(before.first.errors).toBeUndefined();
  expect(before.second.data).toEqual(before.first.data);
  expect(before.cityFetches).toBe(1); // the second read was a cache hit
  expect(await until(async () => (await entitiesInRedis()).length === 1, 5_000)).toBe(true);
  const [keptBefore] = await entitiesInRedis();

  await redis.kill();
  const during = await lookTwice(scenarioByName('sz-medical-none').permitId);
  expect(during.first.errors).toBeUndefined();
  expect(during.second.errors).toBeUndefined();
  expect(during.second.status).toBe(200);
  expect(during.cityFetches).toBe(1); // the replica's own memory answered the second read
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
  // The entry fetched after Redis came back is written to it (the restarted Redis kept nothing).
  expect(await until(async () => (await entitiesInRedis()).some((k) => k !== keptBefore), 5_000)).toBe(true);
});
