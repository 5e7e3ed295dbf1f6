import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { parseEnv, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS, type ServiceName } from '../../common/defaults';
import { REGION_INFO, type Region } from '../../common/regions';
import { faultsEnabled, startupFaults, type FaultState } from '../../mocks/faults';
import { checkSubgraphEnv, subgraphEnvShape } from '../subgraphEnv';

/** The env schema of a city subgraph; docker-compose.yml is checked against it. */
export function cityEnvSchema(region: Region) {
  return z.object({
    ...subgraphEnvShape(DEFAULT_PORTS[REGION_INFO[region].subgraph as ServiceName]),
    /** Where permit data comes from; only the deterministic mock registry exists so far. */
    REGISTRY: z.enum(['mock']).default('mock'),
    MOCK_SEED: z.string().min(1).default(DEFAULTS.mockSeed),
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
    checkSubgraphEnv(env, ctx, 'production runs as of today in Asia/Shanghai');
    if (env.NODE_ENV === 'production' && env.APP_CLIENT_TOKEN === DEFAULTS.developmentOnlyAppClientToken) {
      ctx.addIssue({ code: 'custom', path: ['APP_CLIENT_TOKEN'], message: 'the published development token is refused in production' });
    }
  });
}

export type CityConfig = Omit<z.infer<ReturnType<typeof cityEnvSchema>>, 'MOCK_AS_OF'> & {
  region: Region;
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
    faults: startupFaults(config, enabled, name),
    appClientToken: config.APP_CLIENT_TOKEN ?? (config.NODE_ENV === 'production' ? undefined : DEFAULTS.developmentOnlyAppClientToken),
    gatewayPublicKey: config.GATEWAY_PUBLIC_KEY ?? DEFAULTS.developmentOnlyGatewayPublicKey,
  };
}
