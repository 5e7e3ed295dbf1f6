import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { parseEnv, refuseOutsideDevelopment, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS, type ServiceName } from '../../common/defaults';
import { REGION_INFO, type Region } from '../../common/regions';
import { faultsEnabled, startupFaults, type FaultState } from '../faults';
import { demoMockSeed } from '../../common/mockIssuerKeys';
import { checkSubgraphEnv, subgraphEnvShape } from '../subgraphEnv';

/** The env schema of a city subgraph; docker-compose.yml is checked against it. */
export function cityEnvSchema(region: Region) {
  return z.object({
    ...subgraphEnvShape(DEFAULT_PORTS[REGION_INFO[region].subgraph as ServiceName]),
    /** Where permit data comes from; only the deterministic mock registry exists so far. */
    REGISTRY: z.enum(['mock']).default('mock'),
    /** The mock registry's generator seed; development only (production derives it from MOCK_DEMO_SECRET). Unset: DEFAULTS.mockSeed, or the secret's. */
    MOCK_SEED: z.string().min(1).optional(),
    MOCK_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULTS.mockSize),
    /**
     * Bearer token of the region's own app clients on `POST /app/presentation-codes`
     * (issuing presentation codes). Unset: issuing is off in production, and on with the
     * published development token elsewhere (mock mode).
     */
    APP_CLIENT_TOKEN: z.string().min(32).optional(),
  }).superRefine((env, ctx) => {
    // Records generated as of a fixed past date age in production: "expires in 10 days"
    // becomes a permit that ran out weeks ago and still reads VALID.
    checkSubgraphEnv(env, ctx, 'production runs as of today in Asia/Shanghai', { APP_CLIENT_TOKEN: env.APP_CLIENT_TOKEN });
    if (env.NODE_ENV === 'production' && env.APP_CLIENT_TOKEN === DEFAULTS.developmentOnlyAppClientToken) {
      ctx.addIssue({ code: 'custom', path: ['APP_CLIENT_TOKEN'], message: 'the published development token is refused in production' });
    }
    // The published seed and keys would let anyone regenerate every record production
    // serves, and sign records and codes the hub trusts.
    refuseOutsideDevelopment(env, ctx, ['MOCK_SEED'], 'production derives the mock registry from MOCK_DEMO_SECRET, never from a published seed');
    if (env.NODE_ENV === 'production' && env.REGISTRY === 'mock' && env.MOCK_DEMO_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MOCK_DEMO_SECRET'], message: 'required in production by REGISTRY=mock: the mock registry and its keys are derived from it, never from the published seed' });
    }
  });
}

export type CityConfig = Omit<z.infer<ReturnType<typeof cityEnvSchema>>, 'MOCK_AS_OF' | 'MOCK_SEED'> & {
  region: Region;
  /** The generator seed: MOCK_SEED, else derived from MOCK_DEMO_SECRET, else the published DEFAULTS.mockSeed. */
  MOCK_SEED: string;
  /** The mock registry's as-of date: MOCK_AS_OF, else today in China Standard Time. */
  MOCK_AS_OF: string;
  /** The faults it starts with; null: no fault injection, no `/__faults`. */
  faults: FaultState | null;
  /** Who may have presentation codes issued: APP_CLIENT_TOKEN, the development token outside production, else undefined (off). */
  appClientToken: string | undefined;
  /** GATEWAY_PUBLIC_KEY, or the development key outside production. */
  gatewayPublicKey: string;
};

/** Reads and validates a city subgraph's configuration. */
export function loadCityConfig(region: Region, env: Env): CityConfig {
  const name = REGION_INFO[region].subgraph;
  const config = parseEnv(cityEnvSchema(region), env, name);
  // Faults belong to the mock registry: a real registry adapter brings its own.
  const enabled = config.REGISTRY === 'mock' && faultsEnabled(config);
  return {
    region,
    ...config,
    MOCK_AS_OF: config.MOCK_AS_OF ?? chinaToday(),
    MOCK_SEED: config.MOCK_SEED ?? (config.MOCK_DEMO_SECRET ? demoMockSeed(config.MOCK_DEMO_SECRET) : DEFAULTS.mockSeed),
    faults: startupFaults(config, enabled, name),
    appClientToken: config.APP_CLIENT_TOKEN ?? (config.NODE_ENV === 'production' ? undefined : DEFAULTS.developmentOnlyAppClientToken),
    gatewayPublicKey: config.GATEWAY_PUBLIC_KEY ?? DEFAULTS.developmentOnlyGatewayPublicKey,
  };
}
