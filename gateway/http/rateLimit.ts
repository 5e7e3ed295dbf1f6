import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { yrdError } from '../../common/errors';

/** Requests a partner may make per window, and the window. */
export interface RateLimitSettings {
  points: number;
  windowSeconds: number;
}

/**
 * Per-partner request limits, shared by every replica through Redis; while Redis is down
 * each replica enforces the same limit in memory (the insurance limiter), so an outage
 * neither blocks partners nor lifts the limit. `redisKeyPrefix` is the deployment's
 * REDIS_KEY_PREFIX.
 */
export function createRateLimiter(settings: RateLimitSettings, redis: Redis | undefined, redisKeyPrefix: string): RateLimiterAbstract {
  // rate-limiter-flexible keeps `<keyPrefix>:<partner>`: `yrd:ratelimit:sz-school`.
  const options = { points: settings.points, duration: settings.windowSeconds, keyPrefix: `${redisKeyPrefix}ratelimit` };
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory });
}

/**
 * Takes one request from the partner's allowance, or throws `RATE_LIMITED` (429,
 * Retry-After) after telling `onRefused` (the metrics).
 */
export async function consumeRequest(limiter: RateLimiterAbstract, partnerId: string, onRefused?: (partnerId: string) => void): Promise<void> {
  try {
    await limiter.consume(partnerId);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    onRefused?.(partnerId);
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    const error = yrdError('RATE_LIMITED', { retryAfterMs: res.msBeforeNext }, { wholeRequest: true });
    (error.extensions.http as { headers?: Map<string, string> }).headers = new Map([['retry-after', String(retryAfterSeconds)]]);
    throw error;
  }
}
