import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../common/logger';

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

/** Redis-backed cache shared by every gateway replica. */
export function redisEntityCache(redis: Redis, lifeMs: number, logger: Logger): EntityCache {
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
      try {
        const values = await redis.mget(...keys);
        return values.map((v) => (v ? (JSON.parse(v) as CachedEntity) : null));
      } catch (err) {
        warn('get', err);
        return keys.map(() => null);
      }
    },
    async setMany(entries) {
      if (!entries.length) return;
      const storedAt = Date.now();
      const pipeline = redis.pipeline();
      for (const [key, data] of entries) pipeline.set(key, JSON.stringify({ data, storedAt }), 'PX', lifeMs);
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
