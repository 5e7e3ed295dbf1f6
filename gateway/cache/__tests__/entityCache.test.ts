import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { createLogger } from '../../../common/logger';
import { createRedis, readyOrTimeout } from '../../redis';
import { memoryEntityCache, redisEntityCache, type EntityCache } from '../entityCache';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIFE_MS = 60_000;
const STORED_AT = Date.parse('2024-05-01T12:00:00.000Z');
const logger = createLogger('test', 'silent');

/** A port nothing listens on: taken from the OS, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

function connect(url: string): Redis {
  const redis = createRedis(url, logger, 'entity-cache-test');
  if (!redis) throw new Error('createRedis returned no client for a URL');
  return redis;
}

let redis: Redis;
const usedKeys: string[] = [];

beforeAll(async () => {
  redis = connect(REDIS_URL);
  await readyOrTimeout(redis, 2_000);
});

afterAll(async () => {
  if (usedKeys.length) await redis.del(...usedKeys);
  await redis.quit();
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** Keys unique to one test, deleted after the suite. */
function keys(n: number): string[] {
  const prefix = `test:entityCache:${randomUUID()}`;
  const made = Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
  usedKeys.push(...made);
  return made;
}

describe.each<[string, () => EntityCache]>([
  ['memoryEntityCache', () => memoryEntityCache(LIFE_MS)],
  ['redisEntityCache', () => redisEntityCache(redis, LIFE_MS, logger)],
])('%s', (_name, make) => {
  it('returns a miss for every key before anything is stored', async () => {
    await expect(make().getMany(keys(2))).resolves.toEqual([null, null]);
  });

  it('returns nothing for no keys and accepts no entries', async () => {
    const cache = make();
    await expect(cache.setMany([])).resolves.toBeUndefined();
    await expect(cache.getMany([])).resolves.toEqual([]);
  });

  it('stores each entity with the time it was stored', async () => {
    const cache = make();
    const [key] = keys(1) as [string];
    jest.spyOn(Date, 'now').mockReturnValue(STORED_AT);
    await cache.setMany([[key, { permit: 'P-1', status: 'VALID' }]]);
    await expect(cache.getMany([key])).resolves.toEqual([{ data: { permit: 'P-1', status: 'VALID' }, storedAt: STORED_AT }]);
  });

  it('answers in the order asked, with null for each miss', async () => {
    const cache = make();
    const [a, b, c, d] = keys(4) as [string, string, string, string];
    jest.spyOn(Date, 'now').mockReturnValue(STORED_AT);
    await cache.setMany([
      [c, { n: 3 }],
      [a, { n: 1 }],
    ]);
    await expect(cache.getMany([a, b, c, d, a])).resolves.toEqual([
      { data: { n: 1 }, storedAt: STORED_AT },
      null,
      { data: { n: 3 }, storedAt: STORED_AT },
      null,
      { data: { n: 1 }, storedAt: STORED_AT },
    ]);
  });

  it('replaces an entry stored again, with the new time', async () => {
    const cache = make();
    const [key] = keys(1) as [string];
    const now = jest.spyOn(Date, 'now').mockReturnValue(STORED_AT);
    await cache.setMany([[key, { v: 1 }]]);
    now.mockReturnValue(STORED_AT + 5_000);
    await cache.setMany([[key, { v: 2 }]]);
    await expect(cache.getMany([key])).resolves.toEqual([{ data: { v: 2 }, storedAt: STORED_AT + 5_000 }]);
  });
});

describe('redisEntityCache', () => {
  it('keeps an entry in Redis for its life, no longer', async () => {
    const [key] = keys(1) as [string];
    await redisEntityCache(redis, LIFE_MS, logger).setMany([[key, { n: 1 }]]);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIFE_MS);
  });

  describe('with Redis unreachable', () => {
    let down: Redis;

    beforeAll(async () => {
      down = connect(`redis://127.0.0.1:${await freePort()}`);
    });

    afterAll(() => {
      down.disconnect();
    });

    it('serves misses instead of failing', async () => {
      const cache = redisEntityCache(down, LIFE_MS, logger);
      await expect(cache.getMany(['a', 'b', 'c'])).resolves.toEqual([null, null, null]);
    });

    it('drops writes instead of failing', async () => {
      const cache = redisEntityCache(down, LIFE_MS, logger);
      await expect(cache.setMany([['a', { n: 1 }]])).resolves.toBeUndefined();
      await expect(cache.getMany(['a'])).resolves.toEqual([null]);
    });

    it('logs the outage once, not once per miss', async () => {
      const warn = jest.fn();
      const cache = redisEntityCache(down, LIFE_MS, { warn } as unknown as typeof logger);
      await cache.getMany(['a']);
      await cache.setMany([['a', { n: 1 }]]);
      await cache.getMany(['b']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ op: 'get' }), expect.stringContaining('serving misses'));
    });
  });
});
