import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { yrdError } from '../../common/errors';

/**
 * A partner's allowance per window, in units: one unit per permit or decision a request
 * asks for (`requestCost`), at least one per request.
 */
export interface RateLimitSettings {
  /** Units per window for a partner whose registry entry sets no `rateLimitPoints` (`RATE_LIMIT_POINTS`). */
  points: number;
  /** The window, seconds (`RATE_LIMIT_WINDOW_SECONDS`). */
  windowSeconds: number;
}

/** The limiter of each partner: partners with the same allowance share one. */
export interface PartnerRateLimiters {
  of(partnerId: string): RateLimiterAbstract;
}

/**
 * Per-partner limits in units, shared by every replica through Redis; while Redis is down
 * each replica enforces the same allowance in memory (the insurance limiter) from a fresh
 * count, so an outage neither blocks partners nor lifts the limit. `allowanceOf` gives a
 * partner's own allowance from the registry (`rateLimitPoints`), else `settings.points`
 * applies. `redisKeyPrefix` is the deployment's REDIS_KEY_PREFIX.
 */
export function createRateLimiter(
  settings: RateLimitSettings,
  redis: Redis | undefined,
  redisKeyPrefix: string,
  allowanceOf: (partnerId: string) => number | undefined = () => undefined,
): PartnerRateLimiters {
  const byPoints = new Map<number, RateLimiterAbstract>();
  const limiter = (points: number) => {
    // rate-limiter-flexible keeps `<keyPrefix>:<partner>`: `yrd:ratelimit:sz-school`. One key
    // per partner whatever its allowance: a changed allowance keeps the count of the window.
    const options = { points, duration: settings.windowSeconds, keyPrefix: `${redisKeyPrefix}ratelimit` };
    const memory = new RateLimiterMemory(options);
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
  };
  return {
    of(partnerId) {
      const points = allowanceOf(partnerId) ?? settings.points;
      let found = byPoints.get(points);
      if (!found) byPoints.set(points, (found = limiter(points)));
      return found;
    },
  };
}

/**
 * Takes `units` from the partner's allowance (default 1: the request itself, charged
 * before its operation is even parsed), or throws `RATE_LIMITED` (429, Retry-After) after
 * telling `onRefused` (the metrics).
 */
export async function consumeRequest(
  limiters: PartnerRateLimiters,
  partnerId: string,
  units = 1,
  onRefused?: (partnerId: string) => void,
): Promise<void> {
  if (units <= 0) return;
  try {
    await limiters.of(partnerId).consume(partnerId, units);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    onRefused?.(partnerId);
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    const error = yrdError('RATE_LIMITED', { retryAfterMs: res.msBeforeNext, units }, { wholeRequest: true });
    (error.extensions.http as { headers?: Map<string, string> }).headers = new Map([['retry-after', String(retryAfterSeconds)]]);
    throw error;
  }
}
