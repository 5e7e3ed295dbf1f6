import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../../common/logger';
import type { CacheCipher } from './cacheCipher';

/** A cached city entity and when it was fetched (ms since epoch). */
export interface CachedEntity {
  data: Record<string, unknown>;
  storedAt: number;
}

/**
 * Where city entities are cached between requests. Both implementations keep an entry
 * for its fresh life plus its stale life; callers decide from `storedAt` which it is.
 * A failing store behaves as a miss: never a failed request.
 */
export interface EntityCache {
  getMany(keys: readonly string[]): Promise<Array<CachedEntity | null>>;
  setMany(entries: ReadonlyArray<[string, Record<string, unknown>]>): Promise<void>;
}

/** Where and how `redisEntityCache` keeps entries. */
export interface RedisEntityCacheOptions {
  /** The deployment's REDIS_KEY_PREFIX; entries live under `<prefix>entity:<name>`. */
  keyPrefix: string;
  /** Encrypts every entry and names it by HMAC (`createCacheCipher`). */
  cipher: CacheCipher;
}

/**
 * Redis-backed cache shared by every gateway replica. Entries are encrypted and their
 * names are HMACs of the logical keys, so Redis holds no permit number and no personal
 * data in the clear. An entry that does not decrypt (the key rotated, the value altered)
 * is a miss, like an entry that is not there.
 */
export function redisEntityCache(redis: Redis, lifeMs: number, logger: Logger, options: RedisEntityCacheOptions): EntityCache {
  const { keyPrefix, cipher } = options;
  const nameOf = (key: string) => `${keyPrefix}entity:${cipher.keyName(key)}`;
  let lastWarn = 0;
  const warn = (op: string, err: unknown) => {
    // One line per 10 s of outage is enough to see it; every miss would flood the log.
    if (Date.now() - lastWarn < 10_000) return;
    lastWarn = Date.now();
    logger.warn({ op, err: err instanceof Error ? err.message : String(err) }, 'entity cache unavailable: serving misses');
  };
  return {
    async getMany(keys) {
      if (!keys.length) return [];
      const names = keys.map(nameOf);
      try {
        const values = await redis.mgetBuffer(...names);
        return values.map((v, i) => {
          const plain = v ? cipher.open(v, names[i]!) : null;
          return plain === null ? null : (JSON.parse(plain) as CachedEntity);
        });
      } catch (err) {
        warn('get', err);
        return keys.map(() => null);
      }
    },
    async setMany(entries) {
      if (!entries.length) return;
      const storedAt = Date.now();
      const pipeline = redis.pipeline();
      for (const [key, data] of entries) {
        const name = nameOf(key);
        pipeline.set(name, cipher.seal(JSON.stringify({ data, storedAt }), name), 'PX', lifeMs);
      }
      try {
        await pipeline.exec();
      } catch (err) {
        warn('set', err);
      }
    },
  };
}

/** In-process cache for a gateway without Redis. */
export function memoryEntityCache(lifeMs: number, maxEntries = 50_000): EntityCache {
  const lru = new LRUCache<string, CachedEntity>({ max: maxEntries, ttl: lifeMs });
  return {
    async getMany(keys) {
      return keys.map((k) => lru.get(k) ?? null);
    },
    async setMany(entries) {
      const storedAt = Date.now();
      for (const [key, data] of entries) lru.set(key, { data, storedAt });
    },
  };
}
