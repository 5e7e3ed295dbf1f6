import { z } from 'zod';
import { nodeEnvVar, parseEnv, type Env } from '../../common/config';
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
  /** HMAC key of the chain's links, at least 32 bytes, not AUDIT_HMAC_KEY; unset outside production: the development key. */
  AUDIT_CHAIN_KEY: z
    .string()
    .refine((k) => Buffer.byteLength(k, 'utf8') >= MIN_HMAC_KEY_BYTES, `must be at least ${MIN_HMAC_KEY_BYTES} bytes`)
    .optional(),
  /** Ed25519 seed (base64url, 43 characters) that signs checkpoints and exports; unset outside production: the development key. */
  AUDIT_SIGNING_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an Ed25519 seed: 32 bytes in base64url (43 characters)').optional(),
  /**
   * Append-only file of the signed checkpoints. Unset: the Redis list `<stream key>:checkpoints`
   * with REDIS_URL, else `<AUDIT_SPOOL_FILE>.checkpoints`.
   */
  AUDIT_CHECKPOINT_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
  /** Longest time between two checkpoints while records arrive, milliseconds (one is also written every 1,000 records). */
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULTS.auditCheckpointIntervalMs),
});

/** Where the signed checkpoints are kept. */
export type CheckpointLocation = { redisKey: string } | { file: string };

/** AUDIT_CHECKPOINT_FILE, else the Redis list beside the stream, else a file beside the spool. */
export function checkpointLocation(configured: string | undefined, hasRedis: boolean, streamKey: string, spoolFile: string): CheckpointLocation {
  if (configured) return { file: configured };
  return hasRedis ? { redisKey: `${streamKey}:checkpoints` } : { file: `${spoolFile}.checkpoints` };
}

/** The audit stream's key: AUDIT_STREAM_KEY, else `<prefix>audit`. */
export function auditStreamKey(prefix: string, configured: string | undefined): string {
  return configured ?? `${prefix}${DEFAULTS.auditStreamKeyName}`;
}

/**
 * What `npm run audit:verify` and `audit:export` read: the stream or file, the
 * checkpoints, the chain key and the public key; not the permit-number key.
 */
export const auditVerifyEnvSchema = auditEnvSchema
  .pick({ REDIS_URL: true, AUDIT_STREAM_KEY: true, AUDIT_SPOOL_FILE: true, AUDIT_CHAIN_KEY: true, AUDIT_CHECKPOINT_FILE: true })
  .extend({
    REDIS_KEY_PREFIX: redisKeyPrefixVar,
    /** Unset means production, as for the services: development keys must be asked for by name. */
    NODE_ENV: nodeEnvVar,
    /** The deployment's checkpoint public key (base64url raw 32 bytes); unset outside production: the development key. */
    AUDIT_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
    /** Ed25519 seed that signs an export's manifest (audit:export only). */
    AUDIT_SIGNING_KEY: auditEnvSchema.shape.AUDIT_SIGNING_KEY,
  });

export interface AuditVerifyConfig {
  redisUrl: string | undefined;
  streamKey: string;
  spoolFile: string;
  chainKey: string;
  publicKey: string;
  signingKey: string;
  checkpoints: CheckpointLocation;
}

/**
 * Reads and validates the variables of `npm run audit:verify` and `audit:export`. Like
 * the services, unset NODE_ENV is production: the chain key and the public key are
 * required there (only the public key for `archiveOnly`, an inspector checking an
 * export) and the published development ones refused.
 */
export function loadAuditVerifyConfig(env: Env, archiveOnly = false): AuditVerifyConfig {
  const c = parseEnv(auditVerifyEnvSchema, env, 'audit:verify');
  const production = c.NODE_ENV === 'production';
  // Development defaults must never verify production evidence: an archive edited and
  // re-signed with the published keys would verify.
  if (production && ((!archiveOnly && !c.AUDIT_CHAIN_KEY) || !c.AUDIT_PUBLIC_KEY)) {
    throw new Error(`audit:verify: ${archiveOnly ? 'AUDIT_PUBLIC_KEY is' : 'AUDIT_CHAIN_KEY and AUDIT_PUBLIC_KEY are'} required in production (NODE_ENV unset is production)`);
  }
  if (production && (c.AUDIT_CHAIN_KEY === DEFAULTS.developmentAuditChainKey || c.AUDIT_PUBLIC_KEY === DEFAULTS.developmentOnlyAuditPublicKey)) {
    throw new Error('audit:verify: the published development keys (AUDIT_CHAIN_KEY, AUDIT_PUBLIC_KEY) are refused in production');
  }
  const streamKey = auditStreamKey(c.REDIS_KEY_PREFIX, c.AUDIT_STREAM_KEY);
  return {
    redisUrl: c.REDIS_URL,
    streamKey,
    spoolFile: c.AUDIT_SPOOL_FILE,
    chainKey: c.AUDIT_CHAIN_KEY ?? DEFAULTS.developmentAuditChainKey,
    publicKey: c.AUDIT_PUBLIC_KEY ?? DEFAULTS.developmentOnlyAuditPublicKey,
    signingKey: c.AUDIT_SIGNING_KEY ?? (production ? '' : DEFAULTS.developmentOnlyAuditSigningKey),
    checkpoints: checkpointLocation(c.AUDIT_CHECKPOINT_FILE, c.REDIS_URL !== undefined, streamKey, c.AUDIT_SPOOL_FILE),
  };
}
