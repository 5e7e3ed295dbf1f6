import { z } from 'zod';
import { logLevelVar, nodeEnvVar, otlpEndpointVar, parseEnv, portVar, type Env, type NodeEnv } from '../common/config';
import { DEFAULTS, DEFAULT_PORTS, SUBGRAPH_NAMES, localSubgraphUrl, type ServiceName } from '../common/defaults';
import { MIN_SECRET_KEY_BYTES, secretKeysProblems } from '../common/secretKey';
import { checkCredentialKey, gatewayPrivateKeyVar } from '../common/gatewayCredential';
import { auditEnvSchema, auditStreamKey, checkpointLocation, type CheckpointLocation } from './audit/config';
import { authEnvSchema, type AuthConfig } from './auth/authConfig';
import type { RateLimitSettings } from './http/rateLimit';
import { redisKeyPrefixVar } from './redis';
import type { BreakerSettings } from './transport/resilience/BreakerSettings';

/** `SHANGHAI_URL`, `INTEROP_URL`…: where the gateway reaches each subgraph. */
export function subgraphUrlVariable(subgraph: ServiceName): string {
  return `${subgraph.toUpperCase()}_URL`;
}

const BREAKER_VARS: Record<keyof BreakerSettings, { name: string; schema: z.ZodCoercedNumber<unknown>; fallback: number }> = {
  timeoutMs: { name: 'TIMEOUT_MS', schema: z.coerce.number().int().min(1).max(120_000), fallback: DEFAULTS.subgraphTimeoutMs },
  errorThresholdPercent: { name: 'BREAKER_ERROR_THRESHOLD_PERCENT', schema: z.coerce.number().min(1).max(100), fallback: DEFAULTS.breakerErrorThresholdPercent },
  volumeThreshold: { name: 'BREAKER_VOLUME_THRESHOLD', schema: z.coerce.number().int().min(1).max(10_000), fallback: DEFAULTS.breakerVolumeThreshold },
  rollingWindowMs: { name: 'BREAKER_ROLLING_WINDOW_MS', schema: z.coerce.number().int().min(1000).max(600_000), fallback: DEFAULTS.breakerRollingWindowMs },
  resetTimeoutMs: { name: 'BREAKER_RESET_TIMEOUT_MS', schema: z.coerce.number().int().min(100).max(600_000), fallback: DEFAULTS.breakerResetTimeoutMs },
  slowCallDurationMs: { name: 'BREAKER_SLOW_CALL_DURATION_MS', schema: z.coerce.number().int().min(1).max(120_000), fallback: DEFAULTS.breakerSlowCallDurationMs },
  slowCallRateThresholdPercent: { name: 'BREAKER_SLOW_CALL_RATE_THRESHOLD_PERCENT', schema: z.coerce.number().min(1).max(100), fallback: DEFAULTS.breakerSlowCallRateThresholdPercent },
  maxConcurrent: { name: 'BULKHEAD_MAX_CONCURRENT', schema: z.coerce.number().int().min(1).max(10_000), fallback: DEFAULTS.bulkheadMaxConcurrent },
};

/** The gateway-wide variable of a breaker setting: `SUBGRAPH_TIMEOUT_MS`, `BREAKER_…`. */
const globalVar = (key: keyof BreakerSettings) =>
  key === 'timeoutMs' ? 'SUBGRAPH_TIMEOUT_MS' : BREAKER_VARS[key].name;
/** The per-subgraph override: `ANHUI_TIMEOUT_MS`, `ANHUI_BREAKER_RESET_TIMEOUT_MS`… */
const subgraphVar = (subgraph: ServiceName, key: keyof BreakerSettings) =>
  `${subgraph.toUpperCase()}_${BREAKER_VARS[key].name}`;

const breakerKeys = Object.keys(BREAKER_VARS) as Array<keyof BreakerSettings>;

/** The env schema of the gateway; docker-compose.yml is checked against it. */
const baseSchema = z.object({
  PORT: portVar(DEFAULT_PORTS.gateway),
  HOST: z.string().min(1).default(DEFAULTS.host),
  /**
   * Port of the operations endpoints (`/metrics`, `/health/*`, and `/healthz`, `/readyz`
   * too), on HOST; set, the public PORT no longer serves `/metrics` and `/health/*`.
   * Unset: everything on PORT.
   */
  OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Most connections the gateway holds open at once; beyond it a new one is closed at once. */
  MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(DEFAULTS.maxConnections),
  /** Time the request line and headers have to arrive, milliseconds; a slower client gets 408 and is closed. */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(DEFAULTS.headersTimeoutMs),
  LOG_LEVEL: logLevelVar.default(DEFAULTS.logLevel),
  NODE_ENV: nodeEnvVar,
  ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), z.url().default(localSubgraphUrl(s))])),
  /** Folder of the subgraphs' SDL files (`<subgraph>.graphql`), written by `npm run build`. */
  SCHEMA_DIR: z.string().min(1).default('dist/schemas'),
  /** Time a request body has to arrive in full, milliseconds; a slower one gets REQUEST_TIMEOUT (408). */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULTS.bodyTimeoutMs),
  /** Largest accepted request body, bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(DEFAULTS.bodyLimitBytes),
  /** Redis for cache, rate limits, audit stream and shared breaker state; unset: in-memory. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key and channel of this deployment (gateway/redis.ts). */
  REDIS_KEY_PREFIX: redisKeyPrefixVar,
  /** Longest wait for one Redis command, milliseconds; after a few timeouts the gateway stops waiting until Redis answers (gateway/redisBudget.ts). */
  REDIS_BUDGET_MS: z.coerce.number().int().min(10).max(5000).default(DEFAULTS.redisBudgetMs),
  /**
   * Key of the entity cache: encrypts cached entities (AES-256-GCM) and names them (HMAC),
   * so Redis holds neither personal data nor permit numbers in the clear.
   */
  CACHE_ENCRYPTION_KEY: z
    .string()
    .refine((k) => Buffer.byteLength(k, 'utf8') >= MIN_SECRET_KEY_BYTES, `must be at least ${MIN_SECRET_KEY_BYTES} bytes`)
    .optional(),
  ...Object.fromEntries(breakerKeys.map((k) => [globalVar(k), BREAKER_VARS[k].schema.default(BREAKER_VARS[k].fallback)])),
  ...Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((s) => breakerKeys.map((k) => [subgraphVar(s, k), BREAKER_VARS[k].schema.optional()])),
  ),
  /**
   * Consent mode (docs/presentation-codes.md): `policy` enforces
   * gateway/operation/presentation/consentPolicy.json (SCHOOLING's personal data only on a
   * presented code), `off` enforces nothing (refused in production). Unset: `policy` in every
   * mode, development included.
   */
  CONSENT_MODE: z.enum(['policy', 'off']).optional(),
  /** Interval of the active health probe of every subgraph, milliseconds. */
  PROBE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULTS.probeIntervalMs),
  /** How long a city entity stays fresh in the cache, seconds (0 turns caching off). */
  CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULTS.cacheTtlSeconds),
  /** The oldest cached entity a decision may rest on, seconds (0: decisions always fetch); plain reads use CACHE_TTL_SECONDS. */
  DECISION_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(60).default(DEFAULTS.decisionMaxAgeSeconds),
  /** How long a stale entity may still answer a plain read while its region fails, seconds. */
  CACHE_STALE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(DEFAULTS.cacheStaleSeconds),
  /** Units a partner may spend per window (one per permit or decision asked for, at least one per request); the registry may set its own. */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULTS.rateLimitPoints),
  /** The rate-limit window, seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULTS.rateLimitWindowSeconds),
  /**
   * Ed25519 seed (base64url, 32 bytes) the gateway signs its credential to the subgraphs
   * with; the subgraphs hold the matching GATEWAY_PUBLIC_KEY. Required in production;
   * unset elsewhere: the published development key.
   */
  SUBGRAPH_AUTH_PRIVATE_KEY: gatewayPrivateKeyVar.optional(),
  /** The operations page `/status` (and its assets): `on` (default) or `off`. `/health/history` stays either way. */
  STATUS_PAGE: z.enum(['on', 'off']).default('on'),
  /** OpenTelemetry tracing: the OTLP/HTTP collector's base URL (`common/tracing.ts`). Unset: off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpointVar.optional(),
  /**
   * Apollo's own switch for @apollo/gateway's telemetry (cloud-metadata probes, host
   * metrics to Apollo). The gateway turns it off in code whatever is set
   * (gateway/noApolloTelemetry.ts); the Dockerfile and compose set it too, as a second
   * guard. Only `true` is accepted: nothing can turn that telemetry on.
   */
  APOLLO_TELEMETRY_DISABLED: z.literal('true', { error: 'must be true: the gateway never sends telemetry to Apollo' }).optional(),
});

/**
 * The secret key variables of the gateway. In production each is required and must pass
 * `secretKeysProblems` (common/secretKey.ts: at least 32 bytes, not within a few edits
 * of a published development value, about 128 bits or more, no typed run, and no two
 * the same); development defaults them to published keys.
 */
export const SECRET_KEY_VARIABLES = ['AUDIT_HMAC_KEY', 'AUDIT_CHAIN_KEY', 'CACHE_ENCRYPTION_KEY', 'SUBGRAPH_AUTH_PRIVATE_KEY', 'AUDIT_SIGNING_KEY'] as const;

/**
 * The env schema of the gateway; docker-compose.yml is checked against it. Secrets that
 * development may default (the partner registry, the secret keys, the subgraph
 * credential key) are required in production, and weak keys refused there.
 */
export const gatewayEnvSchema = baseSchema
  .extend(authEnvSchema.shape)
  // REDIS_URL is the gateway's (above); the audit key is checked below, per environment.
  .extend(auditEnvSchema.omit({ REDIS_URL: true, AUDIT_HMAC_KEY: true }).shape)
  .extend({ AUDIT_HMAC_KEY: auditEnvSchema.shape.AUDIT_HMAC_KEY.optional() })
  .superRefine((env, ctx) => {
    if (env.AUDIT_STREAM_KEY !== undefined && !env.AUDIT_STREAM_KEY.startsWith(env.REDIS_KEY_PREFIX)) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_STREAM_KEY'], message: `must start with REDIS_KEY_PREFIX (${env.REDIS_KEY_PREFIX})` });
    }
    checkCredentialKey(ctx, env, 'SUBGRAPH_AUTH_PRIVATE_KEY', DEFAULTS.developmentOnlyGatewayPrivateKey);
    checkCredentialKey(ctx, env, 'AUDIT_SIGNING_KEY', DEFAULTS.developmentOnlyAuditSigningKey);
    if (env.NODE_ENV !== 'production') return;
    // checkCredentialKey (above) already requires SUBGRAPH_AUTH_PRIVATE_KEY.
    for (const key of ['PARTNER_REGISTRY_FILE', 'AUDIT_HMAC_KEY', 'AUDIT_CHAIN_KEY', 'CACHE_ENCRYPTION_KEY'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    const secrets = Object.fromEntries(SECRET_KEY_VARIABLES.map((key) => [key, env[key]]));
    for (const [key, problem] of secretKeysProblems(secrets)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `refused in production: ${problem}` });
    }
  })
  // Consent is the holder's to give (DOMAIN.md): production never runs without the policy.
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.CONSENT_MODE === 'off') {
      ctx.addIssue({ code: 'custom', path: ['CONSENT_MODE'], message: 'refused in production: off releases SCHOOLING data without the holder\'s code' });
    }
  });

export interface GatewayConfig {
  port: number;
  host: string;
  /** `OPS_PORT`: where the operations endpoints are served apart; undefined: on `port`. */
  opsPort: number | undefined;
  /** `MAX_CONNECTIONS`: most connections open at once. */
  maxConnections: number;
  /** `HEADERS_TIMEOUT_MS`: time the request line and headers have to arrive, milliseconds. */
  headersTimeoutMs: number;
  /** `BODY_TIMEOUT_MS`: time a request body has to arrive, milliseconds. */
  bodyTimeoutMs: number;
  logLevel: string;
  nodeEnv: NodeEnv;
  subgraphs: Array<{ name: ServiceName; url: string; breaker: BreakerSettings }>;
  schemaDir: string;
  bodyLimitBytes: number;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (`REDIS_KEY_PREFIX`, default `yrd:`). */
  redisKeyPrefix: string;
  /** Longest wait for one Redis command, milliseconds (`REDIS_BUDGET_MS`, default 150). */
  redisBudgetMs: number;
  probeIntervalMs: number;
  /** Whether the consent policy is enforced (CONSENT_MODE). */
  consentMode: 'policy' | 'off';
  /** `encryptionKey`: CACHE_ENCRYPTION_KEY, or the development key outside production. */
  cache: { ttlSeconds: number; staleSeconds: number; decisionMaxAgeSeconds: number; encryptionKey: string };
  auth: AuthConfig;
  audit: {
    streamKey: string;
    spoolFile: string;
    hmacKey: string;
    flushIntervalMs: number;
    /** AUDIT_CHAIN_KEY, or the development key outside production. */
    chainKey: string;
    /** AUDIT_SIGNING_KEY (Ed25519 seed, base64url), or the development key outside production. */
    signingKey: string;
    checkpoints: CheckpointLocation;
    checkpointIntervalMs: number;
  };
  rateLimit: RateLimitSettings;
  /** The Ed25519 seed (base64url) of the credential the gateway presents to its subgraphs. */
  subgraphAuthPrivateKey: string;
  /** Whether `/status` is served (`STATUS_PAGE`). */
  statusPage: boolean;
  /** Where spans go (`OTEL_EXPORTER_OTLP_ENDPOINT`); undefined: tracing off. */
  otlpEndpoint: string | undefined;
}

/** Reads and validates the gateway's configuration. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const c = parseEnv(gatewayEnvSchema, env, 'gateway') as Record<string, unknown> & z.infer<typeof gatewayEnvSchema>;
  const breaker = (s: ServiceName) =>
    Object.fromEntries(breakerKeys.map((k) => [k, (c[subgraphVar(s, k)] ?? c[globalVar(k)]) as number])) as unknown as BreakerSettings;
  return {
    port: c.PORT,
    host: c.HOST,
    opsPort: c.OPS_PORT,
    maxConnections: c.MAX_CONNECTIONS,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: c.BODY_TIMEOUT_MS,
    logLevel: c.LOG_LEVEL,
    nodeEnv: c.NODE_ENV,
    subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: c[subgraphUrlVariable(name)] as string, breaker: breaker(name) })),
    schemaDir: c.SCHEMA_DIR,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    redisUrl: c.REDIS_URL,
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    redisBudgetMs: c.REDIS_BUDGET_MS,
    probeIntervalMs: c.PROBE_INTERVAL_MS,
    consentMode: c.CONSENT_MODE ?? 'policy',
    cache: {
      ttlSeconds: c.CACHE_TTL_SECONDS,
      staleSeconds: c.CACHE_STALE_SECONDS,
      decisionMaxAgeSeconds: c.DECISION_MAX_AGE_SECONDS,
      encryptionKey: c.CACHE_ENCRYPTION_KEY ?? DEFAULTS.developmentCacheEncryptionKey,
    },
    auth: {
      nodeEnv: c.NODE_ENV,
      partnerRegistryFile: c.PARTNER_REGISTRY_FILE,
      audience: c.AUTH_AUDIENCE,
      clockToleranceSeconds: c.AUTH_CLOCK_TOLERANCE_SECONDS,
      maxTokenAgeSeconds: c.AUTH_MAX_TOKEN_AGE_SECONDS,
    },
    audit: {
      streamKey: auditStreamKey(c.REDIS_KEY_PREFIX, c.AUDIT_STREAM_KEY),
      spoolFile: c.AUDIT_SPOOL_FILE,
      hmacKey: c.AUDIT_HMAC_KEY ?? DEFAULTS.developmentAuditHmacKey,
      flushIntervalMs: c.AUDIT_FLUSH_INTERVAL_MS,
      chainKey: c.AUDIT_CHAIN_KEY ?? DEFAULTS.developmentAuditChainKey,
      signingKey: c.AUDIT_SIGNING_KEY ?? DEFAULTS.developmentOnlyAuditSigningKey,
      checkpoints: checkpointLocation(
        c.AUDIT_CHECKPOINT_FILE,
        c.REDIS_URL !== undefined,
        auditStreamKey(c.REDIS_KEY_PREFIX, c.AUDIT_STREAM_KEY),
        c.AUDIT_SPOOL_FILE,
      ),
      checkpointIntervalMs: c.AUDIT_CHECKPOINT_INTERVAL_MS,
    },
    rateLimit: { points: c.RATE_LIMIT_POINTS, windowSeconds: c.RATE_LIMIT_WINDOW_SECONDS },
    subgraphAuthPrivateKey: c.SUBGRAPH_AUTH_PRIVATE_KEY ?? DEFAULTS.developmentOnlyGatewayPrivateKey,
    statusPage: c.STATUS_PAGE === 'on',
    otlpEndpoint: c.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}
