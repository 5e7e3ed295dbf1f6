import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { isoDate, nodeEnvVar, parseEnv, portVar, refuseOutsideDevelopment, type Env, type NodeEnv } from '../common/config';
import { DEFAULTS, DEFAULT_PORTS, SERVICE_NAMES, SUBGRAPH_NAMES, localSubgraphUrl, type ServiceName } from '../common/defaults';
import { gatewayPublicKeyOf } from '../common/gatewayCredential';
import { sharedSecretsProblems } from '../common/secretKey';
import { SECRET_KEY_VARIABLES } from '../gateway/config';
import { SERVICES } from '../common/services';
import { loadAuthConfig } from '../gateway/auth/authConfig';
import { DEVELOPMENT_REGISTRY } from '../gateway/auth/loadPartnerRegistry';
import { scenarioByName } from '../mocks/scenarios';
import { serviceVariables } from './serviceEnvSchemas';
import { spawnService, stopProcess, waitHealthy } from './serviceProcess';
import { mintDevToken } from './token';

/**
 * `npm start`: every subgraph and the gateway as separate processes on this machine,
 * their logs prefixed with the service name; Ctrl-C stops them all. `npm start -- <name>`
 * (or `npm run start:<name>`) starts one. Ports come from `<SERVICE>_PORT`.
 */
const COLOURS = [36, 33, 35, 32, 34, 31];

/** `GATEWAY_PORT`, `INTEROP_PORT`…: the port npm start gives one service (its `PORT`). */
export function portVariable<S extends ServiceName>(service: S): `${Uppercase<S>}_PORT` {
  return `${service.toUpperCase() as Uppercase<S>}_PORT`;
}

// Port 0 ("any free port") would leave the gateway without its subgraphs' addresses.
const fixedPort = (service: ServiceName) =>
  portVar(DEFAULT_PORTS[service]).refine((port) => port > 0, 'must be a port from 1 to 65535 (0 picks none)');

/** `<SERVICE>_PORT` of every service, the regions' from the region catalogue. */
const PORT_VARIABLES = Object.fromEntries(SERVICE_NAMES.map((s) => [portVariable(s), fixedPort(s)])) as Record<
  ReturnType<typeof portVariable<ServiceName>>,
  ReturnType<typeof fixedPort>
>;

/**
 * The variables npm start reads itself; every other variable passes through to the
 * services, whose own `loadConfig` validates it.
 */
export const startEnvSchema = z
  .object({
    ...PORT_VARIABLES,
    /**
     * npm start is the local developer and demo command, so unset means development here
     * (bundled development partners, fault injection, the development audit key), unlike
     * the services themselves, where unset means production.
     */
    NODE_ENV: nodeEnvVar.unwrap().default('development'),
    /**
     * The mock registries' as-of date, the demo's decision date unless DECISION_DATE is
     * set; development only. Unset in development: 2026-11-01, so the README's outputs
     * repeat; production always uses today.
     */
    MOCK_AS_OF: isoDate.optional(),
    DECISION_DATE: isoDate.optional(),
  })
  .superRefine((env, ctx) => {
    refuseOutsideDevelopment(env, ctx, ['MOCK_AS_OF', 'DECISION_DATE'], 'production runs as of today in Asia/Shanghai');
    const owner = new Map<number, string>();
    for (const service of SERVICE_NAMES) {
      const key = portVariable(service) as keyof typeof env;
      const port = env[key] as number;
      const other = owner.get(port);
      if (other) ctx.addIssue({ code: 'custom', path: [key], message: `${port} is already ${other}` });
      else owner.set(port, key);
    }
  });

export interface StartConfig {
  /** The port of each service, from `<SERVICE>_PORT`; default 4000 (gateway), 4001 (interop), each region's from its catalogue entry. */
  ports: Readonly<Record<ServiceName, number>>;
  /** NODE_ENV of every service: NODE_ENV when set, else `development`. */
  nodeEnv: NodeEnv;
  /**
   * The fixed dates of every service in development: MOCK_AS_OF (default 2026-11-01) and
   * DECISION_DATE (default MOCK_AS_OF). `undefined` in production: today.
   */
  fixedDates: { mockAsOf: string; decisionDate: string } | undefined;
}

/**
 * The secrets of every service npm start runs: each service checks its own, but only
 * npm start sees one value given to two services' roles (the app token equal to the
 * audit key).
 */
const STACK_SECRETS = [...SECRET_KEY_VARIABLES, 'APP_CLIENT_TOKEN', 'MOCK_DEMO_SECRET'] as const;

/** Reads and validates npm start's own variables, reporting every problem at once. */
export function loadStartConfig(env: Env): StartConfig {
  const c = parseEnv(startEnvSchema, env, 'npm start');
  if (c.NODE_ENV === 'production') {
    const shared = sharedSecretsProblems(Object.fromEntries(STACK_SECRETS.map((key) => [key, env[key]])));
    if (shared.length > 0) throw new Error(`npm start: invalid configuration\n${shared.map(([key, problem]) => `  ${key}: ${problem}`).join('\n')}`);
  }
  return {
    ports: Object.fromEntries(SERVICE_NAMES.map((s) => [s, c[portVariable(s)]])) as Record<ServiceName, number>,
    nodeEnv: c.NODE_ENV,
    // The demo decides as of the mock registries' date, so the README's outputs repeat.
    fixedDates:
      c.NODE_ENV === 'development'
        ? { mockAsOf: c.MOCK_AS_OF ?? DEFAULTS.mockAsOf, decisionDate: c.DECISION_DATE ?? c.MOCK_AS_OF ?? DEFAULTS.mockAsOf }
        : undefined,
  };
}

/**
 * The environment of one service: of npm start's own environment, only the variables
 * its config schema reads (and the Node process's own, `serviceVariables`), so no
 * process holds another's secrets — the gateway's audit, cache and signing keys stay
 * with the gateway, APP_CLIENT_TOKEN and MOCK_DEMO_SECRET with the subgraphs that read
 * them — with its port, NODE_ENV and decision date; the gateway gets each subgraph's
 * local URL. The gateway's credential key pair stays one pair: unset, every process
 * takes the development pair (outside production); with SUBGRAPH_AUTH_PRIVATE_KEY set,
 * the subgraphs get its public half as GATEWAY_PUBLIC_KEY unless that is set too.
 */
export function childEnv(service: ServiceName, env: Env, config: StartConfig): Record<string, string | undefined> {
  const own = serviceVariables(service);
  return Object.fromEntries(Object.entries(fullChildEnv(service, env, config)).filter(([key]) => own.has(key)));
}

function fullChildEnv(service: ServiceName, env: Env, config: StartConfig): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {
    ...env,
    PORT: String(config.ports[service]),
    NODE_ENV: config.nodeEnv,
    ...(config.fixedDates && { MOCK_AS_OF: config.fixedDates.mockAsOf, DECISION_DATE: config.fixedDates.decisionDate }),
  };
  if (service === 'gateway') {
    for (const s of SUBGRAPH_NAMES) {
      const key = `${s.toUpperCase()}_URL`;
      // Empty means unset to the services' config too.
      if (!out[key]) out[key] = localSubgraphUrl(s, config.ports[s]);
    }
  } else {
    const seed = out.SUBGRAPH_AUTH_PRIVATE_KEY;
    delete out.SUBGRAPH_AUTH_PRIVATE_KEY;
    if (seed && !out.GATEWAY_PUBLIC_KEY) out.GATEWAY_PUBLIC_KEY = publicKeyOrUnset(seed);
  }
  return out;
}

/** The public half of a seed; a malformed seed is left for the gateway's config to report. */
function publicKeyOrUnset(seed: string): string | undefined {
  try {
    return gatewayPublicKeyOf(seed);
  } catch {
    return undefined;
  }
}

function prefixLines(child: ChildProcess, label: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${label} ${line}\n`);
    });
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * What npm start prints once the gateway is healthy: a curl for scenario
 * `sh-family-valid` under MEDICAL_BILLING that works as pasted (SCHOOLING's personal data
 * need the holder's code), and how to mint other tokens.
 */
async function readyMessage(url: string, gatewayEnv: Env): Promise<string> {
  const { permitId } = scenarioByName('sh-family-valid');
  const query = /* GraphQL */ `{ permit(id: "${permitId}") { id issuer status validUntil holder { name } medicalInsurance { status } ... on ShanghaiPermit { category } } }`;
  // The gateway is up, so its auth config parses. A token can be minted only for the
  // bundled development registry, whose private keys scripts/token.ts derives.
  const auth = loadAuthConfig(gatewayEnv);
  const registryFile = auth.partnerRegistryFile;
  const token = registryFile
    ? undefined
    : await mintDevToken({ partnerId: 'demo-all', purposes: ['MEDICAL_BILLING'], audience: auth.audience });
  const authorization = token ? shellQuote(`Authorization: Bearer ${token}`) : '"Authorization: Bearer $TOKEN"';
  const curl = [
    `curl -s ${url} -H 'content-type: application/json'`,
    `-H ${authorization}`,
    `-H 'X-Purpose: MEDICAL_BILLING' -H 'X-Case-Id: ADM-2026-0042' -H 'X-Officer-Id: demo-officer-1'`,
    `-d ${shellQuote(JSON.stringify({ query }))}`,
  ].join(' \\\n    ');
  const lines = registryFile
    ? [`Try it with TOKEN set to a token of a partner in ${registryFile} (PARTNER_REGISTRY_FILE):`, `  ${curl}`]
    : [
        'Try it (a development token of partner demo-all for MEDICAL_BILLING, valid 1 h):',
        `  ${curl}`,
        'Another token: npm run token -- --partner <id> --purpose <SERVICE>',
        `  (development partners: ${[...DEVELOPMENT_REGISTRY.partners.keys()].join(', ')}; purposes: ${SERVICES.join(', ')})`,
      ];
  return ['', `YRD interop gateway ready: ${url}`, ...lines, ''].join('\n');
}

/** npm start's config, or exit 2 with every problem named. */
function loadStartConfigOrExit(env: Env): StartConfig {
  try {
    return loadStartConfig(env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

/** How long npm start waits for every service's /healthz (cities sign their mock registries first). */
const START_WAIT_MS = 90_000;

async function main(): Promise<void> {
  const config = loadStartConfigOrExit(process.env);
  const asked = process.argv.slice(2);
  const unknown = asked.filter((s) => !(SERVICE_NAMES as string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown service(s): ${unknown.join(', ')}; known: ${SERVICE_NAMES.join(', ')}`);
    process.exit(2);
  }
  const services = asked.length ? (asked as ServiceName[]) : SERVICE_NAMES;
  const width = Math.max(...services.map((s) => s.length));
  let stopping = false;
  const exits = new Map<ServiceName, string>();
  const children = services.map((service, i) => {
    const label = `\x1b[${COLOURS[i % COLOURS.length]}m[${service.padEnd(width)}]\x1b[0m`;
    const child = spawnService(service, childEnv(service, process.env, config));
    prefixLines(child, label);
    child.on('exit', (code, signal) => {
      process.stdout.write(`${label} exited (${signal ?? code})\n`);
      exits.set(service, String(signal ?? code));
      // Nothing left to serve or to wait for: say which died, and fail, rather than sit
      // there looking like a running stack.
      if (!stopping && exits.size === services.length) {
        const died = services.map((s) => `${s} (${exits.get(s)})`).join(', ');
        console.error(`npm start: every service it started has exited: ${died}`);
        process.exit(1);
      }
    });
    return child;
  });

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // `void`: stopProcess without a grace period only waits for the child's 'exit', it never
    // rejects, so this chain has no rejection to lose.
    void Promise.all(children.map((c) => stopProcess(c))).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const up = await Promise.all(services.map((s) => waitHealthy(`http://127.0.0.1:${config.ports[s]}/healthz`, START_WAIT_MS)));
  const down = services.filter((_, i) => !up[i]);
  if (down.length) {
    console.error(`not healthy after ${START_WAIT_MS / 1000} s: ${down.join(', ')}`);
    return;
  }
  if (services.includes('gateway')) {
    const url = `http://127.0.0.1:${config.ports.gateway}/graphql`;
    console.log(await readyMessage(url, childEnv('gateway', process.env, config)));
  }
}

if (require.main === module) void main();
