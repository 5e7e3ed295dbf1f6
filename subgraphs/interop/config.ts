import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { isoDate, logLevelVar, nodeEnvVar, parseEnv, portVar, refuseOutsideDevelopment, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS } from '../../common/defaults';
import { checkCredentialKey, gatewayPublicKeyVar } from '../../common/gatewayCredential';
import { faultEnvShape, faultsEnabled, startupFaults, type FaultState } from '../../mocks/faults';

/** The env schema of the interop hub; docker-compose.yml is checked against it. */
export const interopEnvSchema = z.object({
  PORT: portVar(DEFAULT_PORTS.interop),
  HOST: z.string().min(1).default(DEFAULTS.host),
  LOG_LEVEL: logLevelVar.default(DEFAULTS.logLevel),
  NODE_ENV: nodeEnvVar,
  /** Versioned recognition policies (JSON), relative to the working directory. */
  POLICY_FILE: z.string().min(1).default('subgraphs/interop/recognition/policies.json'),
  /** Issuer signing keys (JSON array of TrustedKey), relative to the working directory. */
  TRUST_REGISTRY_FILE: z.string().min(1).default('mocks/trust-registry.json'),
  /**
   * Fixes the decision date (YYYY-MM-DD) so results repeat (tests, README examples);
   * development only. Unset: today in China Standard Time, the only date production uses.
   */
  DECISION_DATE: isoDate.optional(),
  /** Not read by the hub; refused in production here too, so a date fixed for the whole stack stops it. */
  MOCK_AS_OF: isoDate.optional(),
  ...faultEnvShape,
  /**
   * The gateway's Ed25519 public key (base64url, 32 raw bytes): every request but
   * `GET /healthz` must carry a credential it signed. Required in production; unset
   * elsewhere: the published development key.
   */
  GATEWAY_PUBLIC_KEY: gatewayPublicKeyVar.optional(),
}).superRefine((env, ctx) => {
  checkCredentialKey(ctx, env, 'GATEWAY_PUBLIC_KEY', DEFAULTS.developmentOnlyGatewayPublicKey);
  // A fixed date in production decides on a day that is not today: a permit that has
  // run out comes back RECOGNISED.
  refuseOutsideDevelopment(env, ctx, ['DECISION_DATE', 'MOCK_AS_OF'], 'production decides as of today in Asia/Shanghai');
});

export type InteropConfig = z.infer<typeof interopEnvSchema> & {
  /** The faults it starts with; null: no fault injection, no `/__faults`. */
  faults: FaultState | null;
  /** GATEWAY_PUBLIC_KEY, or the development key outside production. */
  gatewayPublicKey: string;
};

/** Reads and validates the interop hub's configuration. */
export function loadInteropConfig(env: Env): InteropConfig {
  const config = parseEnv(interopEnvSchema, env, 'interop');
  return {
    ...config,
    faults: startupFaults(config, faultsEnabled(config), 'interop'),
    gatewayPublicKey: config.GATEWAY_PUBLIC_KEY ?? DEFAULTS.developmentOnlyGatewayPublicKey,
  };
}

/** The decision clock: the fixed date when configured (development), else today in Asia/Shanghai. */
export function decisionClock(fixed: string | undefined): () => string {
  if (fixed) return () => fixed;
  return () => chinaToday();
}
