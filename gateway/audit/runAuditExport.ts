import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { Env } from '../../common/config';
import { gatewayPrivateKey } from '../../common/gatewayCredential';
import { importRawPublicKey } from '../../common/signing';
import { exportArchive } from './auditArchive';
import { checkpointStore } from './checkpoints';
import { loadAuditVerifyConfig } from './config';

const USAGE = 'usage: npm run audit:export -- --from <ISO time> --to <ISO time> [--out <dir>] (same variables as audit:verify, and AUDIT_SIGNING_KEY)';
const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/**
 * `npm run audit:export -- --from 2026-11-01 --to 2026-11-02 [--out dir]`: writes an
 * inspector's archive of the records received in `[from, to)` (see `exportArchive`),
 * by default into `audit-export-<from>-<to>`. Exit 0 written, 2 usage or read error.
 */
export async function runAuditExport(env: Env, args: string[]): Promise<{ code: number; line: string }> {
  let values: { from?: string; to?: string; out?: string };
  try {
    values = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } } }).values;
  } catch {
    return { code: 2, line: USAGE };
  }
  const { from, to } = values;
  if (!from || !to || !ISO.test(from) || !ISO.test(to) || from >= to) return { code: 2, line: USAGE };
  let config: ReturnType<typeof loadAuditVerifyConfig>;
  try {
    config = loadAuditVerifyConfig(env);
    if (!config.signingKey) throw new Error('audit:export: AUDIT_SIGNING_KEY is required in production');
  } catch (err) {
    return { code: 2, line: (err as Error).message.replace(/\n\s*/g, '; ') };
  }
  const out = values.out ?? `audit-export-${from}-${to}`.replace(/:/g, '');
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null })
    : undefined;
  redis?.on('error', () => undefined);
  try {
    if (redis) await redis.connect();
    const checkpoints = await checkpointStore(config.checkpoints, redis).readAll();
    const source = redis ? { redis, streamKey: config.streamKey, chainKey: config.chainKey } : { file: config.spoolFile, chainKey: config.chainKey };
    const count = await exportArchive(
      source,
      { checkpoints, publicKey: importRawPublicKey(config.publicKey) },
      gatewayPrivateKey(config.signingKey),
      { from, to, out },
    );
    return { code: 0, line: `audit archive written: ${out}, ${count} records from ${from} to ${to}` };
  } catch (err) {
    return { code: 2, line: `audit:export failed: ${(err as Error).message}` };
  } finally {
    redis?.disconnect();
  }
}
