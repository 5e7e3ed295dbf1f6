import type { z } from 'zod';
import type { ServiceName } from '../common/defaults';
import { REGION_INFO, REGIONS } from '../common/regions';
import { gatewayEnvSchema } from '../gateway/config';
import { cityEnvSchema } from '../subgraphs/city/config';
import { interopEnvSchema } from '../subgraphs/interop/config';

/** A service's env schema: what its one `loadConfig` reads. */
export function serviceEnvSchema(service: ServiceName): z.ZodObject {
  if (service === 'gateway') return gatewayEnvSchema;
  if (service === 'interop') return interopEnvSchema;
  const region = REGIONS.find((r) => REGION_INFO[r].subgraph === service);
  if (!region) throw new Error(`no env schema for service ${service}`);
  return cityEnvSchema(region);
}

/**
 * Variables of the Node process itself rather than of a service's configuration, which
 * every service process may need (where executables and temporary files are, the time
 * zone and locale, Node's own options and extra CA certificates).
 */
export const PROCESS_VARIABLES: readonly string[] = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'];

/** The variables a service process is given: its schema's, and the process's own. */
export function serviceVariables(service: ServiceName): ReadonlySet<string> {
  return new Set([...Object.keys(serviceEnvSchema(service).shape), ...PROCESS_VARIABLES]);
}
