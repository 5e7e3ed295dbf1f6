import { stat } from 'node:fs/promises';
import { Redis } from 'ioredis';
import type { Env } from '../../common/config';
import { importRawPublicKey } from '../../common/signing';
import { verifyArchive } from './auditArchive';
import { checkpointStore } from './checkpoints';
import { loadAuditVerifyConfig, type AuditVerifyConfig } from './config';
import { verifyAuditChain, type AuditChainResult } from './verifyAuditChain';

/** Exit codes of `npm run audit:verify`. */
export const AUDIT_VERIFY_EXIT = { ok: 0, broken: 1, usage: 2 } as const;

const USAGE =
  'usage: npm run audit:verify [-- --archive <dir>] (configured by REDIS_URL, AUDIT_STREAM_KEY, AUDIT_SPOOL_FILE, AUDIT_CHECKPOINT_FILE, AUDIT_CHAIN_KEY, AUDIT_PUBLIC_KEY)';

/**
 * `npm run audit:verify`: checks the store of record — the stream `AUDIT_STREAM_KEY` at
 * `REDIS_URL`, or, with no `REDIS_URL`, the file `AUDIT_SPOOL_FILE` — link by link with
 * AUDIT_CHAIN_KEY and against the signed checkpoints (AUDIT_PUBLIC_KEY); with Redis, the
 * spool too (its chain, and no record moved to `.rejected`). `-- --archive <dir>` checks
 * an `audit:export` archive with the public key only. Returns the one line to print and
 * the exit code: 0 valid, 1 broken (naming the first bad record or the gap), 2 usage,
 * configuration or connection error.
 */
export async function runAuditVerify(env: Env, args: readonly string[]): Promise<{ code: number; line: string }> {
  const archive = args[0] === '--archive' && args.length === 2 ? args[1] : undefined;
  if (args.length > 0 && !archive) return { code: AUDIT_VERIFY_EXIT.usage, line: USAGE };
  let config: AuditVerifyConfig;
  try {
    config = loadAuditVerifyConfig(env, archive !== undefined);
  } catch (err) {
    return { code: AUDIT_VERIFY_EXIT.usage, line: (err as Error).message.replace(/\n\s*/g, '; ') };
  }
  if (archive) {
    const result = await verifyArchive(archive, importRawPublicKey(config.publicKey));
    return { code: result.ok ? AUDIT_VERIFY_EXIT.ok : AUDIT_VERIFY_EXIT.broken, line: `audit archive ${archive}: ${result.line}` };
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
    if (redis) await redis.connect();
    const result = await verifyStoreOfRecord(config, redis);
    if (!result.ok) return { code: AUDIT_VERIFY_EXIT.broken, line: brokenLine(where, result) };
    if (redis) {
      const spool = await verifySpool(config);
      if (spool) return { code: AUDIT_VERIFY_EXIT.broken, line: spool };
    }
    return {
      code: AUDIT_VERIFY_EXIT.ok,
      line: `audit chain OK: ${where}, ${result.count} records, head ${result.lastHash}, ${result.checkpoints} checkpoints`,
    };
  } catch (err) {
    const why = (socketError ?? (err as Error)).message;
    return { code: AUDIT_VERIFY_EXIT.usage, line: `audit:verify could not read ${where}: ${why}` };
  } finally {
    redis?.disconnect();
  }
}

/** The stream (or, without Redis, the file) against its checkpoints. */
export async function verifyStoreOfRecord(config: AuditVerifyConfig, redis: Redis | undefined): Promise<AuditChainResult> {
  const checkpoints = await checkpointStore(config.checkpoints, redis).readAll();
  const anchor = { checkpoints, publicKey: importRawPublicKey(config.publicKey) };
  const source = redis ? { redis, streamKey: config.streamKey, chainKey: config.chainKey } : { file: config.spoolFile, chainKey: config.chainKey };
  return verifyAuditChain(source, anchor);
}

/** Why the spool is not evidence to flush (a broken link, a rejected record), or `undefined`. */
async function verifySpool(config: AuditVerifyConfig): Promise<string | undefined> {
  const rejected = `${config.spoolFile}.rejected`;
  const size = await stat(rejected).then((s) => s.size, () => 0);
  if (size > 0) return `audit chain BROKEN: spool ${config.spoolFile}: records failed their link check and were moved to ${rejected}`;
  const result = await verifyAuditChain({ file: config.spoolFile, chainKey: config.chainKey });
  return result.ok ? undefined : brokenLine(`spool ${config.spoolFile}`, result);
}

function brokenLine(where: string, result: Extract<AuditChainResult, { ok: false }>): string {
  return `audit chain BROKEN: ${where}, first broken record ${result.firstBrokenId}: ${result.reason} (${result.count} records before it verified)`;
}
