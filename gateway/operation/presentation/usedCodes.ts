import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** The record of presentation codes already used: what makes each code single use. */
export interface UsedCodes {
  /**
   * Records a code's nonce for `ttlSeconds` (the code's remaining life): true when this
   * is its first use, false when it was used before. Rejects when the record cannot be
   * written (Redis down): the caller fails closed.
   */
  claim(nonce: string, ttlSeconds: number): Promise<boolean>;
}

/** Nonces are stored hashed: a key in Redis never holds a usable code's nonce. */
const nonceKey = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

/**
 * Shared by every gateway replica on one Redis and one `REDIS_KEY_PREFIX`: `SET NX EX`
 * under `<prefix>code:<sha256 of the nonce>`, atomic, so of two replicas given the same
 * code at once exactly one answers.
 */
export function redisUsedCodes(redis: Redis, keyPrefix: string): UsedCodes {
  return {
    async claim(nonce, ttlSeconds) {
      const set = await redis.set(`${keyPrefix}code:${nonceKey(nonce)}`, '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
      return set === 'OK';
    },
  };
}

/**
 * Without Redis: one process's memory, so a code replayed to another replica would be
 * answered again (README, "Presentation codes"). Bounded; the oldest entries go first.
 */
export function memoryUsedCodes(max = 100_000): UsedCodes {
  const used = new LRUCache<string, true>({ max, ttlAutopurge: false });
  return {
    async claim(nonce, ttlSeconds) {
      const key = nonceKey(nonce);
      if (used.has(key)) return false;
      used.set(key, true, { ttl: Math.max(1, Math.ceil(ttlSeconds)) * 1000 });
      return true;
    },
  };
}
