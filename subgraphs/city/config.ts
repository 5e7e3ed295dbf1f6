import { z } from 'zod';
import { chinaToday } from '../../common/chinaToday';
import { isoDate, logLevelVar, nodeEnvVar, parseEnv, portVar, refuseOutsideDevelopment, type Env } from '../../common/config';
import { DEFAULTS, DEFAULT_PORTS, type ServiceName } from '../../common/defaults';
import { REGION_INFO, type Region } from '../../common/regions';
import { checkCredentialKey, gatewayPublicKeyVar } from '../../common/gatewayCredential';
import { faultEnvShape, faultsEnabled, startupFaults, type FaultState } from '../../mocks/faults';

/** The env schema of a city subgraph; docker-compose.yml is checked against it. */
export function cityEnvSchema(region: Region) {
  return z.object({
    PORT: portVar(DEFAULT_PORTS[REGION_INFO[region].subgraph as ServiceName]),
    HOST: z.string().min(1).default(DEFAULTS.host),
    LOG_LEVEL: logLevelVar.default(DEFAULTS.logLevel),
    NODE_ENV: nodeEnvVar,
    /** Where permit data comes from; only the deterministic mock registry exists so far. */
    REGISTRY: z.enum(['mock']).default('mock'),
    MOCK_SEED: z.string().min(1).default(DEFAULTS.mockSeed),
    MOCK_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULTS.mockSize),
    /**
     * Fixes the date the mock registry is generated as of, so records repeat (tests, the
     * README's examples); development only. Unset: today in China Standard Time.
     */
    MOCK_AS_OF: isoDate.optional(),
    /** Not read by a city; refused in production here too, so a date fixed for the whole stack stops it. */
    DECISION_DATE: isoDate.optional(),
    ...faultEnvShape,
    /**
     * The gateway's Ed25519 public key (base64url, 32 raw bytes): every request but
     * `GET /healthz` must carry a credential it signed. Required in production; unset
     * elsewhere: the published development key.
     */
    GATEWAY_PUBLIC_KEY: gatewayPublicKeyVar.optional(),
  }).superRefine((env, ctx) => {
    checkCredentialKey(ctx, env, 'GATEWAY_PUBLIC_KEY', DEFAULTS.developmentOnlyGatewayPublicKey);
    // Records generated as of a fixed past date age in production: "expires in 10 days"
    // becomes a permit that ran out weeks ago and still reads VALID.
    refuseOutsideDevelopment(env, ctx, ['MOCK_AS_OF', 'DECISION_DATE'], 'production runs as of today in Asia/Shanghai');
  });
}

export type CityConfig = Omit<z.infer<ReturnType<typeof cityEnvSchema>>, 'MOCK_AS_OF'> & {
  region: Region;
  /** The mock registry's as-of date: MOCK_AS_OF, else today in China Standard Time. */
  MOCK_AS_OF: string;
  /** The faults it starts with; null: no fault injection, no `/__faults`. */
  faults: FaultState | null;
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
    gatewayPublicKey: config.GATEWAY_PUBLIC_KEY ?? DEFAULTS.developmentOnlyGatewayPublicKey,
  };
}
