import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { createLogger } from '../../../../common/logger';
import { createRedis, readyOrTimeout } from '../../../redis';
import { createCacheCipher } from '../cacheCipher';
import { layeredEntityCache, memoryEntityCache, redisEntityCache, type CachedEntity, type EntityCache } from '../entityCache';
import { keysUnder } from '../../../../test/support/redisKeys';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIFE_MS = 60_000;
const STORED_AT = Date.parse('2024-05-01T12:00:00.000Z');
const logger = createLogger('test', 'silent');
/** This suite's REDIS_KEY_PREFIX: every key it makes is under it, and deleted after. */
const PREFIX = `test:entityCache:${randomUUID()}:`;
const cipher = createCacheCipher('test-cache-key-Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE');
const options = { keyPrefix: PREFIX, cipher };

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

beforeAll(async () => {
  redis = connect(REDIS_URL);
  await readyOrTimeout(redis, 2_000);
});

afterAll(async () => {
  const stored = await keysUnder(redis, PREFIX);
  if (stored.length) await redis.del(...stored);
  await redis.quit();
});


afterEach(() => {
  jest.restoreAllMocks();
});

/** Logical keys unique to one test. */
function keys(n: number): string[] {
  const prefix = randomUUID();
  return Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
}

describe.each<[string, () => EntityCache]>([
  ['memoryEntityCache', () => memoryEntityCache(LIFE_MS)],
  ['redisEntityCache', () => redisEntityCache(redis, LIFE_MS, logger, options)],
  ['layeredEntityCache over Redis', () => layeredEntityCache(redisEntityCache(redis, LIFE_MS, logger, options), LIFE_MS, 100)],
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
    await redisEntityCache(redis, LIFE_MS, logger, options).setMany([[key, { n: 1 }]]);
    const ttl = await redis.pttl(`${PREFIX}entity:${cipher.keyName(key)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIFE_MS);
  });

  it('keeps neither the key nor the entity in the clear, only under its prefix', async () => {
    const permitId = '3101152022000001018';
    const key = `shanghai:${permitId}:${randomUUID()}`;
    await redisEntityCache(redis, LIFE_MS, logger, options).setMany([[key, { id: permitId, holder: { name: '李*华' } }]]);
    const stored = (await keysUnder(redis, PREFIX)).filter((k) => k.endsWith(cipher.keyName(key)));
    expect(stored).toEqual([`${PREFIX}entity:${cipher.keyName(key)}`]);
    const raw = (await redis.getBuffer(stored[0]!))!;
    for (const secret of [permitId, '李*华', 'holder', key]) {
      expect(stored[0]).not.toContain(secret);
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('treats an entry that does not decrypt as a miss', async () => {
    const [a, b] = keys(2) as [string, string];
    await redisEntityCache(redis, LIFE_MS, logger, options).setMany([
      [a, { n: 1 }],
      [b, { n: 2 }],
    ]);
    // Another deployment key (a rotation) opens nothing; an altered value neither.
    const rotated = { keyPrefix: PREFIX, cipher: createCacheCipher('another-cache-key-Qm4XvT8pZr2LwK6sNd9BgH3jYc5FaE7u') };
    const rotatedName = `${PREFIX}entity:${rotated.cipher.keyName(a)}`;
    await redis.set(rotatedName, (await redis.getBuffer(`${PREFIX}entity:${cipher.keyName(a)}`))!, 'PX', LIFE_MS);
    await expect(redisEntityCache(redis, LIFE_MS, logger, rotated).getMany([a])).resolves.toEqual([null]);
    const nameB = `${PREFIX}entity:${cipher.keyName(b)}`;
    const altered = (await redis.getBuffer(nameB))!;
    altered[altered.length - 1]! ^= 1;
    await redis.set(nameB, altered, 'PX', LIFE_MS);
    await expect(redisEntityCache(redis, LIFE_MS, logger, options).getMany([a, b])).resolves.toEqual([
      { data: { n: 1 }, storedAt: expect.any(Number) },
      null,
    ]);
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
      const cache = redisEntityCache(down, LIFE_MS, logger, options);
      await expect(cache.getMany(['a', 'b', 'c'])).resolves.toEqual([null, null, null]);
    });

    it('drops writes instead of failing', async () => {
      const cache = redisEntityCache(down, LIFE_MS, logger, options);
      await expect(cache.setMany([['a', { n: 1 }]])).resolves.toBeUndefined();
      await expect(cache.getMany(['a'])).resolves.toEqual([null]);
    });

    it('logs the outage once, not once per miss', async () => {
      const warn = jest.fn();
      const cache = redisEntityCache(down, LIFE_MS, { warn } as unknown as typeof logger, options);
      await cache.getMany(['a']);
      await cache.setMany([['a', { n: 1 }]]);
      await cache.getMany(['b']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ op: 'get' }), expect.stringContaining('serving misses'));
    });
  });
});

describe('layeredEntityCache', () => {
  /** A shared store that counts its calls; its writes land only when `land()` is called. */
  function sharedStore() {
    const inner = memoryEntityCache(LIFE_MS);
    const calls = { get: [] as string[][], set: 0 };
    const pending: Array<() => Promise<void>> = [];
    const store: EntityCache = {
      getMany: (k) => {
        calls.get.push([...k]);
        return inner.getMany(k);
      },
      setMany: (entries) => {
        calls.set++;
        return new Promise<void>((resolve) => pending.push(() => inner.setMany(entries).then(resolve)));
      },
    };
    const land = async () => {
      for (const write of pending.splice(0)) await write();
    };
    return { store, inner, calls, land };
  }

  it('answers a key it holds without asking the shared store', async () => {
    const { store, calls } = sharedStore();
    const cache = layeredEntityCache(store, LIFE_MS, 100);
    const [a] = keys(1) as [string];
    await cache.setMany([[a, { n: 1 }]]);
    await expect(cache.getMany([a])).resolves.toEqual([{ data: { n: 1 }, storedAt: expect.any(Number) }]);
    expect(calls.get).toEqual([]);
  });

  it('does not keep the caller waiting for the shared write, which still lands', async () => {
    const { store, calls, land, inner } = sharedStore();
    const [a] = keys(1) as [string];
    // The shared write has not landed when setMany resolves…
    await layeredEntityCache(store, LIFE_MS, 100).setMany([[a, { n: 1 }]]);
    expect(calls.set).toBe(1);
    await expect(inner.getMany([a])).resolves.toEqual([null]);
    // …and another replica (its own layer, the same shared store) sees it once it has.
    await land();
    await expect(layeredEntityCache(store, LIFE_MS, 100).getMany([a])).resolves.toEqual([{ data: { n: 1 }, storedAt: expect.any(Number) }]);
  });

  it('asks the shared store for its misses only, and keeps what it finds with the time it was stored', async () => {
    const { store, inner, calls } = sharedStore();
    const [a, b, c] = keys(3) as [string, string, string];
    jest.spyOn(Date, 'now').mockReturnValue(STORED_AT);
    await inner.setMany([[b, { n: 2 }]]);
    jest.restoreAllMocks();
    const cache = layeredEntityCache(store, LIFE_MS * 100_000_000, 100);
    await cache.setMany([[a, { n: 1 }]]);
    const expected: Array<CachedEntity | null> = [{ data: { n: 1 }, storedAt: expect.any(Number) }, { data: { n: 2 }, storedAt: STORED_AT }, null];
    await expect(cache.getMany([a, b, c])).resolves.toEqual(expected);
    expect(calls.get).toEqual([[b, c]]);
    // b is now held here, with the shared store's storedAt: only c is asked again.
    await expect(cache.getMany([a, b, c])).resolves.toEqual(expected);
    expect(calls.get).toEqual([[b, c], [c]]);
  });

  it('keeps at most its bound in memory, the least recently used going first', async () => {
    const { store, calls } = sharedStore();
    const cache = layeredEntityCache(store, LIFE_MS, 2);
    const [a, b, c] = keys(3) as [string, string, string];
    await cache.setMany([[a, { n: 1 }], [b, { n: 2 }], [c, { n: 3 }]]);
    await cache.getMany([a, b, c]);
    expect(calls.get).toEqual([[a]]);
  });

  it('does not keep an entry past its life', async () => {
    const { store, inner, calls } = sharedStore();
    const [a] = keys(1) as [string];
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() - LIFE_MS - 1);
    await inner.setMany([[a, { n: 1 }]]);
    jest.restoreAllMocks();
    const cache = layeredEntityCache(store, LIFE_MS, 100);
    await cache.getMany([a]);
    await cache.getMany([a]);
    expect(calls.get).toEqual([[a], [a]]);
  });
});
