import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { DEFAULTS, DEFAULT_PORTS, SERVICE_NAMES, SUBGRAPH_NAMES, type ServiceName } from '../common/defaults';
import { gatewayPublicKeyOf } from '../common/gatewayCredential';
import { REGIONS, REGION_INFO } from '../common/regions';
import { gatewayEnvSchema, subgraphUrlVariable } from '../gateway/config';
import { cityEnvSchema } from '../subgraphs/city/config';
import { interopEnvSchema } from '../subgraphs/interop/config';
import { startEnvSchema } from '../scripts/start';

/*
 * docker-compose.yml, the Dockerfile and .env.example spell the services' configuration a
 * second time; these tests hold them to the config schemas, which are the only readers of
 * the environment. There is no Docker engine in CI, so the files are checked as text.
 */

const ROOT = join(__dirname, '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** Each service's env schema, keyed by compose service name. */
const ENV_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  gateway: gatewayEnvSchema,
  interop: interopEnvSchema,
  ...Object.fromEntries(REGIONS.map((r) => [REGION_INFO[r].subgraph, cityEnvSchema(r)])),
};

function schemaOf(service: ServiceName): z.ZodObject {
  const schema = ENV_SCHEMAS[service];
  if (!schema) throw new Error(`no env schema for service ${service}`);
  return schema;
}

function fieldOf(schema: z.ZodObject, key: string): z.ZodType {
  return schema.shape[key] as z.ZodType;
}

/** What the variable means when it is unset: its default, or `undefined` when optional. */
function unsetValue(schema: z.ZodObject, key: string): { required: boolean; value?: unknown } {
  const result = fieldOf(schema, key).safeParse(undefined);
  return result.success ? { required: false, value: result.data } : { required: true };
}

const entryPoint = (service: ServiceName): string =>
  service === 'gateway' ? 'gateway/main' : `subgraphs/${service}/main`;

// ---- docker-compose.yml ----

interface LongMount {
  type?: string;
  source?: string;
  target?: string;
  read_only?: boolean;
  bind?: { create_host_path?: boolean };
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | Record<string, unknown>>;
  expose?: Array<string | number>;
  networks?: string[] | Record<string, unknown>;
  volumes?: Array<string | LongMount>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  profiles?: string[];
}

// Merge keys: the app services share one `x-app` block.
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean } | null>;
};
const allServices = compose.services ?? {};
/** The services of a plain `docker compose up`: those in no profile. */
const services = Object.fromEntries(Object.entries(allServices).filter(([, s]) => !s.profiles?.length));

function service(name: string): ComposeService {
  const found = allServices[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/**
 * What the operator supplies for each variable compose requires (`${VAR:?message}`): a
 * placeholder of the shape the real value must have, so the schemas can check the rest.
 */
// Shaped like a seed from `npm run -s gateway-key`: production refuses a guessable one.
const OPERATOR_SEED = 'u7Qk2N0xWbR4mZc9LfT1pYsE6hJd3GvA8oKi5XnBqCw';
const OPERATOR_SUPPLIED: Readonly<Record<string, string>> = {
  // Shaped like `openssl rand -base64 32`: production refuses weak keys.
  AUDIT_HMAC_KEY: 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=',
  CACHE_ENCRYPTION_KEY: 'Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE0oIi5KjTlUw=',
  // A pair of the operator's own, not the development pair (which production refuses).
  SUBGRAPH_AUTH_PRIVATE_KEY: OPERATOR_SEED,
  GATEWAY_PUBLIC_KEY: gatewayPublicKeyOf(OPERATOR_SEED),
  AUDIT_CHAIN_KEY: 'Vb7nQ2xLk9RtY4wMc1HsZ8dJf3GaE6pUi0oN5KjTlXy=',
  // Any seed of the operator's own; the test does not check its pair.
  AUDIT_SIGNING_KEY: gatewayPublicKeyOf(OPERATOR_SEED),
  MOCK_DEMO_SECRET: 'Hc4uQ9wZr2Lk7XnB1vYs8PdT3mJf6GaE0oIi5KyTlRw=',
};

/**
 * Secrets, and keys that must match a secret: compose must require them from the
 * operator (`${VAR:?…}`), never spell a value.
 */
const SECRETS = ['AUDIT_HMAC_KEY', 'CACHE_ENCRYPTION_KEY', 'SUBGRAPH_AUTH_PRIVATE_KEY', 'GATEWAY_PUBLIC_KEY', 'MOCK_DEMO_SECRET'];

// `$$`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `$VAR`…
const INTERPOLATION = /\$(?:\$|\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_]\w*))/g;

/**
 * Compose's interpolation of one value, on a host where only the required variables are
 * set: `$$` is `$`, `${VAR:-default}` its default, `${VAR:?message}` the operator's value
 * (OPERATOR_SUPPLIED). Any other reference takes whatever the host happens to have, so the
 * container would depend on whoever runs compose: that fails.
 */
function interpolate(value: string, where: string): string {
  return value.replace(INTERPOLATION, (whole: string, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    if (op === ':-' || op === '-') return arg ?? '';
    if (op === ':?' || op === '?') {
      const supplied = OPERATOR_SUPPLIED[name];
      if (supplied === undefined) throw new Error(`${where} requires ${name}: add a valid placeholder to OPERATOR_SUPPLIED`);
      return supplied;
    }
    throw new Error(`${where}: ${whole} takes the host's ${name}; give it a default (:-) or require it (:?)`);
  });
}

/** A service's environment as written in docker-compose.yml, before interpolation. */
function rawComposeEnv(name: ServiceName): Record<string, string> {
  const environment = service(name).environment ?? {};
  if (Array.isArray(environment)) throw new Error(`${name}: write environment as a map, not a list`);
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => {
      // `KEY:` with no value passes the host's variable through: the container would
      // depend on whoever runs compose.
      if (value === null) throw new Error(`${name}: ${key} has no value`);
      return [key, String(value)];
    }),
  );
}

/** A service's environment as the process sees it: a map of strings, interpolated. */
function composeEnv(name: ServiceName): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rawComposeEnv(name)).map(([key, value]) => [key, interpolate(value, `${name}.${key}`)]),
  );
}

/** A service's mounts in long form, whichever syntax the file uses. */
function mountsOf(name: string): LongMount[] {
  return (service(name).volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return volume;
    const [source = '', target, mode] = volume.split(':');
    return {
      type: /^[./~]/.test(source) ? 'bind' : 'volume',
      source,
      target,
      read_only: mode?.split(',').includes('ro') ?? false,
    };
  });
}

/** Where the gateway (working directory /app) writes its audit spool. */
const spoolFile = () => posix.resolve('/app', composeEnv('gateway').AUDIT_SPOOL_FILE ?? 'unset');

function commandOf(name: string): string[] {
  const command = service(name).command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

function networksOf(name: string): string[] {
  const networks = service(name).networks ?? [];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

function publishedPorts(name: string): string[] {
  return (service(name).ports ?? []).map((p) => (typeof p === 'object' ? `${p.published}:${p.target}` : String(p)));
}

describe('docker-compose.yml', () => {
  it('runs Redis and one service per process: the gateway and every subgraph', () => {
    expect(Object.keys(services).sort()).toEqual(['redis', ...SERVICE_NAMES].sort());
  });

  it('runs Prometheus and Grafana only in the observability profile, provisioned from ops/', () => {
    const observability = Object.keys(allServices).filter((name) => allServices[name]!.profiles?.includes('observability'));
    expect(observability.sort()).toEqual(['grafana', 'prometheus']);
    const mounts = (name: string) => (service(name).volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : `${v.source}:${v.target}`));
    expect(mounts('prometheus')).toEqual(
      expect.arrayContaining(['./ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml', './ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml']),
    );
    expect(mounts('grafana')).toEqual(
      expect.arrayContaining(['./ops/grafana/provisioning:/etc/grafana/provisioning', './ops/grafana/yrd-gateway.json:/var/lib/grafana/dashboards/yrd-gateway.json']),
    );
    for (const file of ['ops/prometheus/prometheus.yml', 'ops/prometheus/alerts.yml', 'ops/grafana/yrd-gateway.json']) expect(read(file).length).toBeGreaterThan(0);
    // Prometheus scrapes the gateway's operations port: with OPS_PORT set, /metrics is only there.
    const opsPort = composeEnv('gateway').OPS_PORT;
    expect(opsPort).toBeDefined();
    expect(read('ops/prometheus/prometheus.yml')).toContain(`gateway:${String(opsPort)}`);
    // Grafana on the host's loopback only; Prometheus and the rest stay unpublished.
    expect(publishedPorts('grafana')).toEqual(['127.0.0.1:3000:3000']);
    expect(publishedPorts('prometheus')).toEqual([]);
  });

  it('runs Redis 7 with a healthcheck the gateway can wait on', () => {
    expect(service('redis').image).toMatch(/^redis:7(\.|-|$)/);
    expect(service('redis').healthcheck?.test).toBeDefined();
  });

  describe.each(SERVICE_NAMES)('service %s', (name) => {
    const schema = schemaOf(name);

    it('sets only variables its config schema reads', () => {
      const unknown = Object.keys(composeEnv(name)).filter((key) => !(key in schema.shape));
      expect(unknown).toEqual([]);
    });

    it('sets every variable its config schema requires (no default, not optional)', () => {
      const env = composeEnv(name);
      const missing = Object.keys(schema.shape).filter((key) => unsetValue(schema, key).required && !(key in env));
      expect(missing).toEqual([]);
    });

    it('passes its config schema', () => {
      const result = schema.safeParse(composeEnv(name));
      expect(result.error?.issues ?? []).toEqual([]);
    });

    it('listens on its default port on every interface of the container', () => {
      expect(composeEnv(name)).toMatchObject({ PORT: String(DEFAULT_PORTS[name]), HOST: '0.0.0.0' });
    });

    it('runs in production mode', () => {
      expect(composeEnv(name).NODE_ENV).toBe('production');
    });

    it('runs its own compiled entry point from the image built here', () => {
      expect(commandOf(name)).toEqual(['node', `dist/${entryPoint(name)}.js`]);
      expect(existsSync(join(ROOT, `${entryPoint(name)}.ts`))).toBe(true);
      const build = service(name).build;
      expect(typeof build === 'object' ? build.context : build).toBe('.');
    });

    it('is healthy only while /healthz answers, checked with node (the slim image has no curl)', () => {
      const test = service(name).healthcheck?.test ?? [];
      const argv = Array.isArray(test) ? test : [test];
      expect(argv.slice(0, 2)).toEqual(['CMD', 'node']);
      expect(argv.join(' ')).toContain('/healthz');
    });
  });

  it('points the gateway at every subgraph by compose service name and that service’s port', () => {
    const env = composeEnv('gateway');
    const actual = Object.fromEntries(
      SUBGRAPH_NAMES.map((s) => {
        const url = new URL(env[subgraphUrlVariable(s)] ?? 'http://unset');
        return [s, `${url.protocol}//${url.hostname}:${url.port}${url.pathname}`];
      }),
    );
    const expected = Object.fromEntries(
      SUBGRAPH_NAMES.map((s) => [s, `http://${s}:${composeEnv(s).PORT}/graphql`]),
    );
    expect(actual).toEqual(expected);
  });

  it('gives the gateway the compose Redis', () => {
    expect(composeEnv('gateway').REDIS_URL).toBe('redis://redis:6379');
  });

  it('resolves interpolation as compose does: defaults, the operator’s required values, `$$`', () => {
    expect(interpolate('${LEVEL:-info}/${LEVEL-warn}/$$HOME', 'x')).toBe('info/warn/$HOME');
    expect(interpolate('${AUDIT_HMAC_KEY:?set it}', 'x')).toBe(OPERATOR_SUPPLIED.AUDIT_HMAC_KEY);
    expect(() => interpolate('${OTHER_SECRET:?set it}', 'x')).toThrow('x requires OTHER_SECRET');
    expect(() => interpolate('redis://${REDIS_HOST}:6379', 'x')).toThrow("takes the host's REDIS_HOST");
    expect(() => interpolate('$HOME', 'x')).toThrow("takes the host's HOME");
  });

  it('requires every secret from the operator with ${VAR:?message}, never a value in the file', () => {
    const secrets = SERVICE_NAMES.flatMap((name) =>
      SECRETS.filter((key) => key in schemaOf(name).shape).map((key) => ({ where: `${name}.${key}`, key, value: rawComposeEnv(name)[key] })),
    );
    expect(secrets).not.toEqual([]);
    expect(Object.fromEntries(secrets.map((s) => [s.where, s.value]))).toEqual(
      Object.fromEntries(secrets.map((s) => [s.where, expect.stringMatching(new RegExp(`^\\$\\{${s.key}:\\?\\s*\\S[^}]*\\}$`))])),
    );
  });

  it('mounts the operator’s partner registry read-only at PARTNER_REGISTRY_FILE', () => {
    const file = composeEnv('gateway').PARTNER_REGISTRY_FILE;
    expect(file).toBeDefined();
    const mounts = mountsOf('gateway').filter((m) => m.target === file);
    expect(mounts).toEqual([
      {
        type: 'bind',
        source: './config/partners.json',
        target: file,
        read_only: true,
        // Otherwise a missing file becomes an empty directory instead of an error.
        bind: { create_host_path: false },
      },
    ]);
    expect(existsSync(join(ROOT, 'config', 'README.md'))).toBe(true);
  });

  it('keeps the gateway’s audit spool on a named volume, so it outlives the container', () => {
    const spool = spoolFile();
    const mount = mountsOf('gateway').find((m) => m.target && spool.startsWith(`${m.target}/`));
    expect(mount).toMatchObject({ type: 'volume', target: posix.dirname(spool) });
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
    expect(mount?.read_only).toBeFalsy();
  });

  it('starts the gateway once Redis is healthy, without waiting for any region', () => {
    expect(service('gateway').depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    for (const s of SUBGRAPH_NAMES) expect(service(s).depends_on).toBeUndefined();
  });

  it('publishes the gateway port only; subgraphs and Redis stay on the compose network', () => {
    const published = Object.fromEntries(
      Object.keys(services)
        .map((name) => [name, publishedPorts(name)] as const)
        .filter(([, ports]) => ports.length > 0),
    );
    expect(published).toEqual({ gateway: [`${DEFAULT_PORTS.gateway}:${DEFAULT_PORTS.gateway}`] });
  });

  it('publishes no subgraph port: each only exposes its PORT, on an internal network the gateway shares', () => {
    const internal = Object.entries(compose.networks ?? {})
      .filter(([, network]) => network?.internal === true)
      .map(([name]) => name);
    expect(internal).toHaveLength(1);
    const placement = Object.fromEntries(
      SUBGRAPH_NAMES.map((s) => [s, { ports: publishedPorts(s), expose: (service(s).expose ?? []).map(String), networks: networksOf(s) }]),
    );
    expect(placement).toEqual(
      Object.fromEntries(SUBGRAPH_NAMES.map((s) => [s, { ports: [], expose: [composeEnv(s).PORT], networks: internal }])),
    );
    expect(networksOf('redis')).toEqual(internal);
    expect(networksOf('gateway')).toEqual(expect.arrayContaining(internal));
    // The gateway's published port needs a network with a route out.
    expect(networksOf('gateway').filter((n) => !internal.includes(n))).toHaveLength(1);
  });

  it('gives the gateway its credential’s private key and every subgraph the public key, never the development pair', () => {
    expect(Object.keys(composeEnv('gateway'))).toContain('SUBGRAPH_AUTH_PRIVATE_KEY');
    expect(Object.keys(composeEnv('gateway'))).not.toContain('GATEWAY_PUBLIC_KEY');
    for (const s of SUBGRAPH_NAMES) {
      expect(Object.keys(composeEnv(s))).toContain('GATEWAY_PUBLIC_KEY');
      expect(Object.keys(composeEnv(s))).not.toContain('SUBGRAPH_AUTH_PRIVATE_KEY');
    }
    const raw = read('docker-compose.yml');
    expect(raw).not.toContain(DEFAULTS.developmentOnlyGatewayPrivateKey);
    expect(raw).not.toContain(DEFAULTS.developmentOnlyGatewayPublicKey);
  });

  it('turns @apollo/gateway\'s telemetry off in the gateway\'s environment too (the code does it first)', () => {
    expect(composeEnv('gateway').APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});

describe('docker-compose.yml keys', () => {
  it('runs the production-mode demo on MOCK_DEMO_SECRET, given to the cities and the hub only, with no published key', () => {
    expect(composeEnv('interop').TRUST_REGISTRY).toBe('demo');
    expect(composeEnv('interop')).not.toHaveProperty('TRUST_REGISTRY_FILE');
    for (const s of SUBGRAPH_NAMES) expect(rawComposeEnv(s).MOCK_DEMO_SECRET).toMatch(/^\$\{MOCK_DEMO_SECRET:\?/);
    expect(composeEnv('gateway')).not.toHaveProperty('MOCK_DEMO_SECRET');
    for (const s of SUBGRAPH_NAMES) expect(composeEnv(s)).not.toHaveProperty('MOCK_SEED');
    const raw = read('docker-compose.yml');
    expect(raw).not.toContain('trust-registry.json');
    expect(raw).not.toContain(DEFAULTS.mockSeed);
  });

  it('ships no mock trust registry in the image', () => {
    expect(read('Dockerfile')).not.toContain('trust-registry.json');
  });
});

// ---- Dockerfile ----

/** `*_FILE` variables naming a file a service writes rather than reads. */
const WRITTEN_FILES = ['AUDIT_SPOOL_FILE'];

interface Stage {
  image: string;
  name?: string;
  instructions: Array<{ keyword: string; args: string }>;
}

function dockerfileStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

function workdirOf(stage: Stage): string {
  return stage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
}

function runsOf(stage: Stage): string[] {
  return stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
}

/**
 * Where `file` (a path relative to the repository) ends up in `stage`, for each COPY
 * that brings it: from the build context, or from an earlier stage's working directory.
 */
function copiedTo(stage: Stage, stages: Stage[], file: string): string[] {
  const workdir = workdirOf(stage);
  const targets: string[] = [];
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'COPY') continue;
    const words = args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    const dest = paths.pop() ?? '';
    const destAbs = posix.resolve(workdir, dest);
    const fromStage = from ? stages.find((s) => s.name === from) : undefined;
    for (const src of paths) {
      const source = fromStage ? posix.relative(workdirOf(fromStage), src) : posix.normalize(src);
      if (file === source) targets.push(dest.endsWith('/') ? posix.join(destAbs, posix.basename(file)) : destAbs);
      else if (file.startsWith(`${source}/`)) targets.push(posix.join(destAbs, posix.relative(source, file)));
    }
  }
  return targets;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const build = stages.find((s) => runsOf(s).some((r) => r.includes('npm run build')));
  const runtime = stages.at(-1);

  it('builds in one stage and runs from a slim second one, both on node:24-bookworm-slim (the current LTS)', () => {
    expect(stages.map((s) => s.image)).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    expect(runsOf(build!).some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
  });

  it('installs production dependencies only in the runtime stage and runs from /app', () => {
    expect(runsOf(runtime!).some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runsOf(runtime!).some((r) => r.includes('npm run build'))).toBe(false);
    expect(workdirOf(runtime!)).toBe('/app');
  });

  it('puts every file the services read at run time at its repository path under /app', () => {
    const interop = (key: string) => String(unsetValue(interopEnvSchema, key).value);
    // No trust registry: production has no default one (the published mock keys' is refused).
    const dataFiles = [interop('POLICY_FILE')];
    expect(dataFiles.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
    // Config paths are relative to the working directory, so any other *_FILE / *_DIR
    // default that names a repository file is read there too. Files a service writes are
    // output, not the image's business here, even when a local run has left one behind.
    const configured = SERVICE_NAMES.flatMap((name) => {
      const schema = schemaOf(name);
      return Object.keys(schema.shape)
        .filter((key) => /_(FILE|DIR)$/.test(key) && !WRITTEN_FILES.includes(key))
        .map((key) => unsetValue(schema, key).value)
        .filter((path): path is string => typeof path === 'string' && existsSync(join(ROOT, path)));
    });
    const schemaDir = String(unsetValue(gatewayEnvSchema, 'SCHEMA_DIR').value);
    const paths = [
      ...new Set([
        ...dataFiles,
        ...configured,
        ...SUBGRAPH_NAMES.map((s) => posix.join(schemaDir, `${s}.graphql`)),
        ...SERVICE_NAMES.map((s) => `dist/${entryPoint(s)}.js`),
      ]),
    ];
    const where = Object.fromEntries(paths.map((p) => [p, copiedTo(runtime!, stages, p)]));
    expect(where).toEqual(Object.fromEntries(paths.map((p) => [p, [posix.join('/app', p)]])));
  });

  it('turns @apollo/gateway\'s telemetry off for every container of the image (the code does it first)', () => {
    const env = runtime!.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(env).toContain('APOLLO_TELEMETRY_DISABLED=true');
  });

  it('runs as a non-root user', () => {
    const user = runtime!.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
  });

  it('gives the runtime user the audit spool’s folder, where compose and the default put it', () => {
    const instructions = runtime!.instructions;
    const userAt = instructions.map((i) => i.keyword).lastIndexOf('USER');
    const user = instructions[userAt]?.args.split(':')[0];
    // As root, before USER: the runtime user may not create folders in the root-owned /app.
    const commands = runsOf({ ...runtime!, instructions: instructions.slice(0, userAt) }).flatMap((run) =>
      run.split(/&&|\|\||;/).map((command) => command.trim().split(/\s+/)),
    );
    const defaultSpool = posix.resolve('/app', String(unsetValue(gatewayEnvSchema, 'AUDIT_SPOOL_FILE').value));
    const folders = [...new Set([spoolFile(), defaultSpool].map((f) => posix.dirname(f)))];
    const prepared = (dir: string) => ({
      created: commands.some(([cmd, ...args]) => cmd === 'mkdir' && args.includes(dir)),
      owned: commands.some(([cmd, ...args]) => {
        const [owner, ...paths] = args.filter((a) => !a.startsWith('-'));
        return cmd === 'chown' && owner?.split(':')[0] === user && paths.includes(dir);
      }),
    });
    expect(Object.fromEntries(folders.map((dir) => [dir, prepared(dir)]))).toEqual(
      Object.fromEntries(folders.map((dir) => [dir, { created: true, owned: true }])),
    );
  });
});

// ---- .env.example ----

describe('.env.example', () => {
  const lines = read('.env.example').split(/\r?\n/);
  // `NAME=value`, or `# NAME=value` for a variable documented but left unset.
  const ASSIGNMENT = /^(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;
  const listed = lines.flatMap((line, index) => {
    const match = ASSIGNMENT.exec(line);
    return match ? [{ key: match[1]!, value: match[2]!, index }] : [];
  });
  const schemas = SERVICE_NAMES.map(schemaOf);

  it('lists every variable of every service and of npm start once, and nothing else', () => {
    const expected = new Set([...[...schemas, startEnvSchema].flatMap((s) => Object.keys(s.shape))]);
    const keys = listed.map((v) => v.key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect([...keys].sort()).toEqual([...expected].sort());
  });

  it('gives each variable its default, or a valid example when it has none', () => {
    const wrong: string[] = [];
    for (const { key, value } of listed) {
      // A variable the services read is documented with their default (NODE_ENV: production,
      // though npm start makes it development); npm start's own ports with its defaults.
      const services = schemas.filter((s) => key in s.shape);
      const holders = services.length > 0 ? services : [startEnvSchema];
      const parsed = holders.map((s) => fieldOf(s, key).safeParse(value));
      if (parsed.some((p) => !p.success)) wrong.push(`${key}=${value}: rejected by its schema`);
      // PORT's default differs per service: the value must be one of them.
      const defaults: unknown[] = holders.map((s) => unsetValue(s, key).value).filter((d) => d !== undefined);
      if (defaults.length && !defaults.includes(parsed[0]?.data)) {
        wrong.push(`${key}=${value}: default is ${[...new Set(defaults)].join(' or ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('explains every variable in a comment line right above it', () => {
    const unexplained = listed
      .filter(({ index }) => {
        const above = lines[index - 1] ?? '';
        return !/^#\s*\S/.test(above) || ASSIGNMENT.test(above);
      })
      .map((v) => v.key);
    expect(unexplained).toEqual([]);
  });
});
