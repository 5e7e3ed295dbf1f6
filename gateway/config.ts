import { z } from 'zod';
import { logLevelVar, nodeEnvVar, parseEnv, portVar, type Env } from '../common/config';
import { DEFAULTS, DEFAULT_PORTS, SUBGRAPH_NAMES, localSubgraphUrl, type ServiceName } from '../common/defaults';

/** `SHANGHAI_URL`, `INTEROP_URL`…: where the gateway reaches each subgraph. */
export function subgraphUrlVariable(subgraph: ServiceName): string {
  return `${subgraph.toUpperCase()}_URL`;
}

const urlVars = Object.fromEntries(
  SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), z.url().default(localSubgraphUrl(s))]),
) as Record<string, z.ZodDefault<z.ZodURL>>;

/** The env schema of the gateway; docker-compose.yml is checked against it. */
export const gatewayEnvSchema = z.object({
  PORT: portVar(DEFAULT_PORTS.gateway),
  HOST: z.string().min(1).default(DEFAULTS.host),
  LOG_LEVEL: logLevelVar.default(DEFAULTS.logLevel),
  NODE_ENV: nodeEnvVar,
  ...urlVars,
  /** Folder of the subgraphs' SDL files (`<subgraph>.graphql`), written by `npm run build`. */
  SCHEMA_DIR: z.string().min(1).default('dist/schemas'),
  /** Per-subgraph request timeout, milliseconds. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(DEFAULTS.subgraphTimeoutMs),
  /** Largest accepted request body, bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(DEFAULTS.bodyLimitBytes),
});

export interface GatewayConfig {
  port: number;
  host: string;
  logLevel: string;
  nodeEnv: 'development' | 'production' | 'test';
  subgraphs: Array<{ name: ServiceName; url: string }>;
  schemaDir: string;
  subgraphTimeoutMs: number;
  bodyLimitBytes: number;
}

/** Reads and validates the gateway's configuration. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const c = parseEnv(gatewayEnvSchema, env, 'gateway');
  return {
    port: c.PORT,
    host: c.HOST,
    logLevel: c.LOG_LEVEL,
    nodeEnv: c.NODE_ENV,
    subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: (c as Record<string, unknown>)[subgraphUrlVariable(name)] as string })),
    schemaDir: c.SCHEMA_DIR,
    subgraphTimeoutMs: c.SUBGRAPH_TIMEOUT_MS,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
  };
}
