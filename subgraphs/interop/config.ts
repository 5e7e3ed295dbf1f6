import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { parseEnv, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS } from '../../common/defaults';
import { faultsEnabled, startupFaults, type FaultState } from '../faults';
import { checkSubgraphEnv, subgraphEnvShape } from '../subgraphEnv';

/** The env schema of the interop hub; docker-compose.yml is checked against it. */
export const interopEnvSchema = z.object({
  ...subgraphEnvShape(DEFAULT_PORTS.interop),
  /** Versioned recognition policies (JSON), relative to the working directory. */
  POLICY_FILE: z.string().min(1).default('subgraphs/interop/recognition/policies.json'),
  /**
   * Where the issuers' public keys come from: `file` (TRUST_REGISTRY_FILE) or `demo` (an
   * explicit opt-in for a production-mode demo over the mock cities: the keys derived
   * from MOCK_DEMO_SECRET at start-up, the cities' own). Default `file`.
   */
  TRUST_REGISTRY: z.enum(['file', 'demo']).default('file'),
  /**
   * Issuer signing keys (JSON array of TrustedKey), relative to the working directory.
   * Required in production with TRUST_REGISTRY=file, which refuses any key derivable from
   * a published seed; unset in development: DEFAULTS.developmentTrustRegistryFile (the mock keys).
   */
  TRUST_REGISTRY_FILE: z.string().min(1).optional(),
}).superRefine((env, ctx) => {
  // A fixed date in production decides on a day that is not today: a permit that has
  // run out comes back RECOGNISED.
  checkSubgraphEnv(env, ctx, 'production decides as of today in Asia/Shanghai');
  if (env.TRUST_REGISTRY === 'demo') {
    if (env.MOCK_DEMO_SECRET === undefined) ctx.addIssue({ code: 'custom', path: ['MOCK_DEMO_SECRET'], message: 'required by TRUST_REGISTRY=demo' });
    if (env.TRUST_REGISTRY_FILE !== undefined) ctx.addIssue({ code: 'custom', path: ['TRUST_REGISTRY_FILE'], message: 'not read with TRUST_REGISTRY=demo; set one or the other' });
  } else if (env.NODE_ENV === 'production' && env.TRUST_REGISTRY_FILE === undefined) {
    // The mock keys' private halves are published: trusting them by default trusts anyone.
    ctx.addIssue({ code: 'custom', path: ['TRUST_REGISTRY_FILE'], message: 'required in production (the issuers\' real keys; or TRUST_REGISTRY=demo with MOCK_DEMO_SECRET)' });
  }
});

export type InteropConfig = z.infer<typeof interopEnvSchema> & {
  /** Where the hub's trust registry comes from (`hubTrustRegistry`). */
  trust: { source: 'file'; file: string } | { source: 'demo'; demoSecret: string };
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
    trust:
      config.TRUST_REGISTRY === 'demo'
        ? { source: 'demo', demoSecret: config.MOCK_DEMO_SECRET as string }
        : { source: 'file', file: config.TRUST_REGISTRY_FILE ?? DEFAULTS.developmentTrustRegistryFile },
    gatewayPublicKey: config.GATEWAY_PUBLIC_KEY ?? DEFAULTS.developmentOnlyGatewayPublicKey,
  };
}

/** The decision clock: the fixed date when configured (development), else today in Asia/Shanghai. */
export function decisionClock(fixed: string | undefined): () => string {
  if (fixed) return () => fixed;
  return () => chinaToday();
}
