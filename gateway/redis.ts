import { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULTS } from '../common/defaults';
import type { Logger } from '../common/logger';

/**
 * REDIS_KEY_PREFIX: the prefix of every Redis key and channel of one gateway deployment
 * (entity cache, rate limits, breaker state and channel, audit stream), so deployments
 * sharing one Redis never see each other's state. No glob characters, so
 * `SCAN MATCH <prefix>*` finds exactly one deployment's keys.
 */
export const redisKeyPrefixVar = z
  .string()
  .regex(/^[A-Za-z0-9_.:{}-]{1,64}$/, 'letters, digits and _ . : { } - only, 1 to 64 characters')
  .default(DEFAULTS.redisKeyPrefix);

/**
 * The gateway's Redis connection, or `undefined` when `REDIS_URL` is unset (each part
 * then uses its in-memory fallback). Commands fail fast while Redis is down instead of
 * queueing: a Redis outage is a cache miss or a spooled record, never a slow request.
 */
export function createRedis(url: string | undefined, logger: Logger, name = 'yrd-gateway'): Redis | undefined {
  if (!url) return undefined;
  const redis = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // Reconnect forever, backing off to 2 s, so Redis coming back needs no restart.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn({ err: err.message }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis available again');
    down = false;
  });
  return redis;
}

/**
 * Resolves when Redis is ready or after `ms`, whichever is first: a gateway starts with
 * Redis if it is there and without it otherwise (every part falls back and rejoins when
 * Redis returns). `events.once` is not used because it rejects on a connection error.
 */
export function readyOrTimeout(redis: Redis, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
