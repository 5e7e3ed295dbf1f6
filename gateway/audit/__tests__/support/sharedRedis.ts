import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { createRedis } from '../../../redis';

/** The real Redis the audit tests run against. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A logger that drops everything. */
export const silentLogger = pino({ level: 'silent' });

/** A logger that keeps its lines, to check what the audit log writes there. */
export function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }), lines };
}

/**
 * The gateway's own client (`createRedis`) once it is ready. Rejects — failing the test
 * loudly — when Redis does not answer within `ms`.
 */
export function connectRedis(url = SHARED_REDIS_URL, ms = 2000): Promise<Redis> {
  const redis = createRedis(url, silentLogger, 'audit-test')!;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.disconnect();
      reject(new Error(`Redis at ${url} is not answering: the audit tests need a real Redis`));
    }, ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(redis);
    });
  });
}

/** A stream key no other test uses. */
export function uniqueStreamKey(): string {
  return `test:audit:${randomUUID()}`;
}

/** Deletes a test stream and its helper keys (writer markers, turn). */
export async function deleteStream(redis: Redis, streamKey: string): Promise<void> {
  const helpers = await redis.keys(`${streamKey}:*`);
  await redis.del(streamKey, ...helpers);
}
