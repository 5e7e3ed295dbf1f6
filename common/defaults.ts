import { regionPorts } from './regions';

/**
 * Every default of the system in one place. Services read these only through their
 * `loadConfig(env)`; `.env.example` and docker-compose.yml spell the same values.
 */
export const DEFAULT_PORTS = {
  gateway: 4000,
  interop: 4001,
  // Each region's port is in its entry of the region catalogue (common/regionCatalogue/).
  ...regionPorts(),
} as const;

/** Service names: process names, compose services, `npm run start:<name>`. */
export type ServiceName = keyof typeof DEFAULT_PORTS;
export const SERVICE_NAMES = Object.keys(DEFAULT_PORTS) as ServiceName[];
/** The subgraphs, in the order the gateway composes them. */
export const SUBGRAPH_NAMES = SERVICE_NAMES.filter((s) => s !== 'gateway');

export const DEFAULTS = {
  host: '127.0.0.1',
  logLevel: 'info',
  /** Seed, size and as-of date of the mock registries (docs/domain.md, "Mock registries"). */
  mockSeed: 'yrd-2026',
  mockSize: 5000,
  mockAsOf: '2026-11-01',
  /** The interop hub's trust registry outside production: the published mock keys' (refused in production). */
  developmentTrustRegistryFile: 'mocks/trust-registry.json',
  /** Largest `permits` / `recognise` batch. */
  maxBatchItems: 500,
  /** Most permits and decisions one request may name across all its fields and aliases. */
  maxRequestItems: 500,
  /** Per-subgraph HTTP timeout of the gateway, milliseconds. */
  subgraphTimeoutMs: 3000,
  /** Circuit breaker: failure percentage over the window that opens it. */
  breakerErrorThresholdPercent: 50,
  /** Circuit breaker: requests in the window before it may open. */
  breakerVolumeThreshold: 5,
  /** Circuit breaker: rolling statistics window, milliseconds. */
  breakerRollingWindowMs: 10_000,
  /** Circuit breaker: wait before a trial request when open, milliseconds. */
  breakerResetTimeoutMs: 5000,
  /** Circuit breaker: a call taking at least this long is slow, milliseconds. */
  breakerSlowCallDurationMs: 2000,
  /** Circuit breaker: share of slow calls over the window (volume permitting) that opens it, percent. */
  breakerSlowCallRateThresholdPercent: 80,
  /** Bulkhead: most fetches in flight to one subgraph; the excess is refused with REGION_BUSY. */
  bulkheadMaxConcurrent: 50,
  /** Active health probe interval, milliseconds. */
  probeIntervalMs: 2000,
  /**
   * Units one partner may spend per rate-limit window: one per permit or decision asked
   * for, at least one per request (gateway/operation/requestCost.ts).
   */
  rateLimitPoints: 6000,
  /** Rate-limit window, seconds. */
  rateLimitWindowSeconds: 60,
  /**
   * HMAC key of permit numbers in the audit trail outside production only; production
   * requires AUDIT_HMAC_KEY from a secret store.
   */
  developmentAuditHmacKey: 'development-only-audit-key-never-used-in-production',
  /** The audit stream's key after REDIS_KEY_PREFIX when AUDIT_STREAM_KEY is unset: `yrd:audit`. */
  auditStreamKeyName: 'audit',
  /** This process's append-only audit file: the spool, or the store of record without Redis. */
  auditSpoolFile: 'var/audit/audit.jsonl',
  /** How often spooled audit records are retried, milliseconds. */
  auditFlushIntervalMs: 5000,
  /**
   * Key of the audit chain's HMAC links outside production only; production requires
   * AUDIT_CHAIN_KEY from a secret store (not the permit-number key).
   */
  developmentAuditChainKey: 'development-only-audit-chain-key-never-used-in-production',
  /**
   * DEVELOPMENT ONLY, published here: the Ed25519 key pair that signs audit checkpoints
   * and exports (base64url seed, base64url raw public key). Production requires
   * AUDIT_SIGNING_KEY and refuses this seed; inspectors get the deployment's AUDIT_PUBLIC_KEY.
   */
  developmentOnlyAuditSigningKey: 'EetctvHXYXELalx7xT9dWFRt6LUwuk4zaiMpYe23Cd0',
  developmentOnlyAuditPublicKey: 'BY-zm8beQ6XhkRPMNkprMxi-bbk38muGQVc-NE8VfPk',
  /** Longest time between two signed audit checkpoints while records arrive, milliseconds. */
  auditCheckpointIntervalMs: 60_000,
  /** Records after which a signed audit checkpoint is written, whatever the time. */
  auditCheckpointRecords: 1000,
  /**
   * Key of the entity cache's encryption and key names outside production only;
   * production requires CACHE_ENCRYPTION_KEY from a secret store.
   */
  developmentCacheEncryptionKey: 'development-only-cache-key-never-used-in-production',
  /** Longest wait for one Redis command of the gateway, milliseconds. */
  redisBudgetMs: 150,
  /** Redis commands timing out in a row that open the gateway's Redis breaker. */
  redisTimeoutsToOpen: 3,
  /** How often an open Redis breaker pings Redis, milliseconds. */
  redisProbeIntervalMs: 500,
  /** Prefix of every Redis key and channel of a gateway deployment. */
  redisKeyPrefix: 'yrd:',
  /**
   * DEVELOPMENT ONLY, published here: the key pair of the gateway's credential to its
   * subgraphs (see common/gatewayCredential.ts). The private key is the base64url
   * Ed25519 seed SHA-256("yrd-development-only-gateway-credential"), the public key its
   * base64url raw 32 bytes. Applied only when NODE_ENV is not production; production
   * requires SUBGRAPH_AUTH_PRIVATE_KEY (gateway) and GATEWAY_PUBLIC_KEY (subgraphs) and
   * refuses these two values.
   */
  developmentOnlyGatewayPrivateKey: 'sna6O5yLIhDW7RtkBkDbWb9XXHJEWiS84RTN8iLM6gU',
  developmentOnlyGatewayPublicKey: 'MgC0Qn8rA-eqQc02Fo-OfYuemMiA4_NUIhjH8HD4Gf0',
  /**
   * DEVELOPMENT ONLY, published: the bearer token of a city's app clients on
   * `POST /app/presentation-codes` when APP_CLIENT_TOKEN is unset; refused in production.
   */
  developmentOnlyAppClientToken: 'development-only-app-client-token-never-in-production',
  /** Fresh life of a cached city entity, seconds. */
  cacheTtlSeconds: 30,
  /** The oldest cached entity a decision may rest on, seconds: a separate, short freshness bound. */
  decisionMaxAgeSeconds: 5,
  /** How long a stale entity may answer a plain read while its region fails, seconds. */
  cacheStaleSeconds: 300,
  /**
   * Entities each gateway replica keeps in its own memory in front of the shared Redis
   * cache (least recently used beyond it go): hits without a round trip, in a bounded heap.
   */
  cacheLocalEntries: 10_000,
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: 256 * 1024,
  /** Time a request body has to arrive in full at the gateway, milliseconds. */
  bodyTimeoutMs: 5000,
  /** Most connections the gateway holds open at once. */
  maxConnections: 1000,
  /**
   * Time the request line and headers have to arrive at any service, milliseconds;
   * beyond it 408 and the connection is closed: trickled headers cannot hold a socket.
   */
  headersTimeoutMs: 10_000,
  /** Grace given to in-flight requests on SIGTERM, milliseconds. */
  shutdownGraceMs: 10_000,
  /** Faults a mock subgraph starts with (FAULT_* variables): none. */
  faults: { latencyMs: 0, errorRate: 0, down: false, hang: false },
} as const;

/** The URL a subgraph serves GraphQL on when it runs on this machine. */
export function localSubgraphUrl(service: ServiceName, port: number = DEFAULT_PORTS[service]): string {
  return `http://127.0.0.1:${port}/graphql`;
}
