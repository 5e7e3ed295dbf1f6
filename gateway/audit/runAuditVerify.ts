import { Redis } from 'ioredis';
import type { Env } from '../../common/config';
import { loadAuditVerifyConfig } from './config';
import { verifyAuditChain, type AuditChainSource } from './verifyAuditChain';

/** Exit codes of `npm run audit:verify`. */
export const AUDIT_VERIFY_EXIT = { ok: 0, broken: 1, usage: 2 } as const;

/**
 * `npm run audit:verify`: checks the stream `AUDIT_STREAM_KEY` at `REDIS_URL`, or, with
 * no `REDIS_URL`, the file `AUDIT_SPOOL_FILE`. Returns the one line to print and the exit
 * code: 0 valid, 1 broken (naming the first broken record), 2 usage, configuration or
 * connection error.
 */
export async function runAuditVerify(env: Env, args: readonly string[]): Promise<{ code: number; line: string }> {
  if (args.length > 0) {
    return { code: AUDIT_VERIFY_EXIT.usage, line: 'usage: npm run audit:verify (configured by REDIS_URL, AUDIT_STREAM_KEY, AUDIT_SPOOL_FILE)' };
  }
  let config: ReturnType<typeof loadAuditVerifyConfig>;
  try {
    config = loadAuditVerifyConfig(env);
  } catch (err) {
    return { code: AUDIT_VERIFY_EXIT.usage, line: (err as Error).message.replace(/\n\s*/g, '; ') };
  }
  const where = config.redisUrl ? `stream ${config.streamKey}` : `file ${config.spoolFile}`;
  // One attempt, no reconnects: a verifier that cannot reach Redis should say so and stop.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
    : undefined;
  // connect() only says "Connection is closed"; the socket error says why.
  let socketError: Error | undefined;
  redis?.on('error', (err: Error) => (socketError = err));
  try {
    let source: AuditChainSource;
    if (redis) {
      await redis.connect();
      source = { redis, streamKey: config.streamKey };
    } else {
      source = { file: config.spoolFile };
    }
    const result = await verifyAuditChain(source);
    return result.ok
      ? { code: AUDIT_VERIFY_EXIT.ok, line: `audit chain OK: ${where}, ${result.count} records, head ${result.lastHash}` }
      : {
          code: AUDIT_VERIFY_EXIT.broken,
          line: `audit chain BROKEN: ${where}, first broken record ${result.firstBrokenId}: ${result.reason} (${result.count} records before it verified)`,
        };
  } catch (err) {
    const why = (socketError ?? (err as Error)).message;
    return { code: AUDIT_VERIFY_EXIT.usage, line: `audit:verify could not read ${where}: ${why}` };
  } finally {
    redis?.disconnect();
  }
}
