import { z } from 'zod';
import { parseEnv, type Env } from '../../common/config';
import { DEFAULTS } from '../../common/defaults';
import { redisKeyPrefixVar } from '../redis';
import { MIN_HMAC_KEY_BYTES } from './permitIdHasher';

// docker-compose writes an unset variable as an empty string.
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

/**
 * The audit trail's variables, to be spread into the gateway's env schema
 * (`gatewayEnvSchema.extend(auditEnvSchema.shape)`).
 */
export const auditEnvSchema = z.object({
  /** Redis of the audit stream; unset: `AUDIT_SPOOL_FILE` is the store of record. */
  REDIS_URL: optionalUrl,
  /** Stream key of the audit trail, starting with REDIS_KEY_PREFIX; unset: `<REDIS_KEY_PREFIX>audit`. */
  AUDIT_STREAM_KEY: z.string().min(1).optional(),
  /** This process's append-only audit file (spool, or store of record without Redis). */
  AUDIT_SPOOL_FILE: z.string().min(1).default(DEFAULTS.auditSpoolFile),
  /** HMAC key of permit numbers in the trail, at least 32 bytes; keep it in a secret store. */
  AUDIT_HMAC_KEY: z
    .string()
    .refine((k) => Buffer.byteLength(k, 'utf8') >= MIN_HMAC_KEY_BYTES, `must be at least ${MIN_HMAC_KEY_BYTES} bytes`),
  /** How often spooled records are retried, milliseconds. */
  AUDIT_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULTS.auditFlushIntervalMs),
});

/** The audit stream's key: AUDIT_STREAM_KEY, else `<prefix>audit`. */
export function auditStreamKey(prefix: string, configured: string | undefined): string {
  return configured ?? `${prefix}${DEFAULTS.auditStreamKeyName}`;
}

/** What `npm run audit:verify` reads: the stream or file, not the HMAC key. */
export const auditVerifyEnvSchema = auditEnvSchema
  .pick({ REDIS_URL: true, AUDIT_STREAM_KEY: true, AUDIT_SPOOL_FILE: true })
  .extend({ REDIS_KEY_PREFIX: redisKeyPrefixVar });

/** Reads and validates the variables of `npm run audit:verify`. */
export function loadAuditVerifyConfig(env: Env): { redisUrl: string | undefined; streamKey: string; spoolFile: string } {
  const c = parseEnv(auditVerifyEnvSchema, env, 'audit:verify');
  return { redisUrl: c.REDIS_URL, streamKey: auditStreamKey(c.REDIS_KEY_PREFIX, c.AUDIT_STREAM_KEY), spoolFile: c.AUDIT_SPOOL_FILE };
}
