import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';
import { keysUnder } from './support/redisKeys';

/*
 * The shared Redis (127.0.0.1:6379) after lookups through the gateway: under this
 * deployment's prefix, no key or value holds a permit number or the personal data the
 * gateway served, in the clear; and the encrypted cache still answers.
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test-cache-at-rest-${randomUUID()}:`;
let system: System;
let redis: Redis;

beforeAll(async () => {
  // MEDICAL_BILLING: a SCHOOLING code is checked against the live record, never cached.
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  redis = new Redis(REDIS_URL);
  system = await startSystem({ REDIS_URL, REDIS_KEY_PREFIX: PREFIX, CACHE_TTL_SECONDS: '60' });
});

afterAll(async () => {
  await system?.close();
  const keys = await keysUnder(redis, PREFIX);
  if (keys.length) await redis.del(...keys);
  await redis?.quit();
});


/** Every byte Redis holds under a key: a string's value, or every field of a stream's entries. */
async function storedBytes(key: string): Promise<Buffer> {
  const type = await redis.type(key);
  if (type === 'string') return (await redis.getBuffer(key)) ?? Buffer.alloc(0);
  if (type === 'stream') return Buffer.from(JSON.stringify(await redis.xrange(key, '-', '+')));
  if (type === 'hash') return Buffer.from(JSON.stringify(await redis.hgetall(key)));
  throw new Error(`${key}: unexpected type ${type}`);
}

interface Permit {
  permit: { id: string; validUntil: string; holder: { name: string; idNumber: string }; medicalInsurance: { status: string } };
}

it('keeps no permit number and no personal data in the clear, and answers again from the cache', async () => {
  const { permitId } = scenarioByName('sh-family-valid');
  const query = /* GraphQL */ `{ permit(id: "${permitId}") { id validUntil holder { name idNumber } medicalInsurance { status } } }`;
  const first = await gql<Permit>(system.gatewayUrl, query);
  expect(first.errors).toBeUndefined();
  const { holder, validUntil } = first.data!.permit;

  system.resetFetches();
  const second = await gql<Permit>(system.gatewayUrl, query);
  expect(second.data).toEqual(first.data);
  // The permit entity came out of the encrypted cache: Shanghai was not asked again.
  expect(system.fetches.shanghai ?? 0).toBe(0);

  const keys = await keysUnder(redis, PREFIX);
  expect(keys.some((k) => k.startsWith(`${PREFIX}entity:`))).toBe(true);
  const clear = [permitId, holder.name, holder.idNumber, validUntil];
  const found: string[] = [];
  for (const key of keys) {
    const bytes = await storedBytes(key);
    for (const value of clear) {
      if (key.includes(value)) found.push(`${key} names ${value}`);
      if (bytes.includes(Buffer.from(value))) found.push(`${key} holds ${value}`);
    }
  }
  expect(found).toEqual([]);
});
