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
      // Sealing inside the try too: a write that cannot be made is a later miss, never a
      // rejection (layeredEntityCache does not wait for this promise).
      try {
        const pipeline = redis.pipeline();
        for (const [key, data] of entries) {
          const name = nameOf(key);
          pipeline.set(name, cipher.seal(JSON.stringify({ data, storedAt }), name), 'PX', lifeMs);
        }
        await pipeline.exec();
      } catch (err) {
        warn('set', err);
      }
    },
  };
}

/** An in-process LRU of entries that keep the `storedAt` they came with, each gone `lifeMs` after it. */
function localEntries(lifeMs: number, maxEntries: number) {
  const lru = new LRUCache<string, CachedEntity>({ max: maxEntries, ttl: lifeMs });
  return {
    get: (key: string) => lru.get(key) ?? null,
    put(key: string, entry: CachedEntity) {
      const left = entry.storedAt + lifeMs - Date.now();
      if (left > 0) lru.set(key, entry, { ttl: left });
    },
  };
}

/** In-process cache for a gateway without Redis. */
export function memoryEntityCache(lifeMs: number, maxEntries = 50_000): EntityCache {
  const local = localEntries(lifeMs, maxEntries);
  return {
    async getMany(keys) {
      return keys.map(local.get);
    },
    async setMany(entries) {
      const storedAt = Date.now();
      for (const [key, data] of entries) local.put(key, { data, storedAt });
    },
  };
}

/**
 * The replica's own memory in front of the shared store: a hit here costs no round trip,
 * no HMAC and no decryption; a miss asks `shared` and keeps what it finds, with the
 * `storedAt` it was stored with (so freshness is judged alike on every replica). A write
 * lands here at once and goes to `shared` behind the response: a cache write is never
 * worth a partner's wait, and a failed one is a later miss (`shared` must never reject).
 */
export function layeredEntityCache(shared: EntityCache, lifeMs: number, maxEntries: number): EntityCache {
  const local = localEntries(lifeMs, maxEntries);
  return {
    async getMany(keys) {
      const found = keys.map(local.get);
      const missing = keys.filter((_, i) => found[i] === null);
      if (!missing.length) return found;
      const fetched = await shared.getMany(missing);
      let j = 0;
      return found.map((entry, i) => {
        if (entry) return entry;
        const came = fetched[j++] ?? null;
        if (came) local.put(keys[i]!, came);
        return came;
      });
    },
    async setMany(entries) {
      const storedAt = Date.now();
      for (const [key, data] of entries) local.put(key, { data, storedAt });
      void shared.setMany(entries);
    },
  };
}
