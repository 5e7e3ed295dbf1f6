import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { parseEnv, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS } from '../../common/defaults';
import { faultsEnabled, startupFaults, type FaultState } from '../../mocks/faults';
import { checkSubgraphEnv, subgraphEnvShape } from '../subgraphEnv';

/** The env schema of the interop hub; docker-compose.yml is checked against it. */
export const interopEnvSchema = z.object({
  ...subgraphEnvShape(DEFAULT_PORTS.interop),
  /** Versioned recognition policies (JSON), relative to the working directory. */
  POLICY_FILE: z.string().min(1).default('subgraphs/interop/recognition/policies.json'),
  /** Issuer signing keys (JSON array of TrustedKey), relative to the working directory. */
  TRUST_REGISTRY_FILE: z.string().min(1).default('mocks/trust-registry.json'),
}).superRefine((env, ctx) =>
  // A fixed date in production decides on a day that is not today: a permit that has
  // run out comes back RECOGNISED.
  checkSubgraphEnv(env, ctx, 'production decides as of today in Asia/Shanghai'),
);

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
