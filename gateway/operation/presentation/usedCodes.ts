import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** The record of presentation codes already used: what makes each code single use. */
export interface UsedCodes {
  /**
   * Records a code's nonce for `ttlSeconds` (the code's remaining life): true when this
   * is its first use, false when it was used before. Rejects when the record cannot be
   * written (Redis down or hung): the caller fails closed (`CODE_CHECK_UNAVAILABLE`), and
   * the code is not spent.
   */
  claim(nonce: string, ttlSeconds: number): Promise<boolean>;
}

/** Nonces are stored hashed: a key in Redis never holds a usable code's nonce. */
const nonceKey = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

/** Deletes the key only while it holds this claim's token: never another claim's record. */
const RELEASE_IF_MINE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** How often a claim whose outcome is unknown is retried for release, milliseconds. */
const RELEASE_RETRY_MS = 1000;

/**
 * Shared by every gateway replica on one Redis and one `REDIS_KEY_PREFIX`: `SET NX EX`
 * under `<prefix>code:<sha256 of the nonce>`, atomic, so of two replicas given the same
 * code at once exactly one answers.
 *
 * A claim that fails — Redis down, or hung past the command budget — rejects, and its
 * outcome is unknown: a hung Redis still runs the queued `SET` once it resumes, which
 * would spend a code whose answer was never sent. So each claim writes a token of its
 * own, and a failed claim is released (deleted only if the key holds that token), retried
 * every second until Redis answers or the code has expired.
 */
export function redisUsedCodes(redis: Redis, keyPrefix: string): UsedCodes {
  const release = (key: string, token: string, until: number) => {
    if (Date.now() >= until) return;
    redis.eval(RELEASE_IF_MINE, 1, key, token).catch(() => {
      setTimeout(() => release(key, token, until), RELEASE_RETRY_MS).unref();
    });
  };
  return {
    async claim(nonce, ttlSeconds) {
      const key = `${keyPrefix}code:${nonceKey(nonce)}`;
      const seconds = Math.max(1, Math.ceil(ttlSeconds));
      const token = randomBytes(16).toString('base64url');
      try {
        return (await redis.set(key, token, 'EX', seconds, 'NX')) === 'OK';
      } catch (err) {
        release(key, token, Date.now() + seconds * 1000);
        throw err;
      }
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
