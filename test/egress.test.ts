import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { SERVICE_NAMES, SUBGRAPH_NAMES, type ServiceName } from '../common/defaults';
import { subgraphUrlVariable } from '../gateway/config';
import { ensureHivePeerInstalled } from '../bench/peers/hivePeer';
import { API_EXAMPLES, exampleName, type ApiExample } from '../pages/shared/apiExamples';
import { productionVariables } from '../scripts/productionEnv';
import { startService as startServiceProcess } from '../scripts/serviceProcess';
import { portVariable } from '../scripts/start';
import { partnerHeaders } from './support/auth';
import type { EgressRecord } from './support/egressGuard';
import { freePort } from './support/privateRedis';
import { keysUnder } from './support/redisKeys';
import { productionPartner } from './support/productionSecrets';

/*
 * Nothing leaves the network unless configured (README "Network egress"). The whole stack
 * is started the README's way (`npm start`'s script), in development and in production,
 * under a preload (test/support/egressGuard.ts, through NODE_OPTIONS, so every process npm
 * start spawns takes it too) that records every outbound connect, DNS lookup and UDP send
 * and BLOCKS every one not to loopback before anything leaves. The README's examples,
 * pages and scripts are driven through it; then the stack is stopped (reports are sent at
 * shutdown too) and the log read. Each process may contact only what it is configured
 * to (`allowedPorts`, docs/network-egress.md), all on loopback: the gateway its subgraphs,
 * Redis and, where set, the OTLP collector; a subgraph the collector; npm start its
 * services' health checks; a script its city or Redis. The production stack runs with Apollo's
 * variables set (APOLLO_KEY, APOLLO_GRAPH_REF), as a host's environment might hold them.
 *
 * Needs `npm run build` (dist/, including dist/test/support/egressGuard.js).
 */

const ROOT = join(__dirname, '..');
const GUARD = join(ROOT, 'dist', 'test', 'support', 'egressGuard.js');
const REDIS = { host: '127.0.0.1', port: 6379 };
const run = promisify(execFile);

function readLog(file: string): EgressRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as EgressRecord);
}

/**
 * What each process may contact, by the script it runs: the configured destinations of
 * docs/network-egress.md, on loopback. `collector`: the OTLP collector's port, when set.
 */
function allowedPorts(stack: Stack, collector?: number): (script: string) => ReadonlySet<number> {
  const subgraphs = SUBGRAPH_NAMES.map((s) => stack.ports[s]);
  const otlp = collector === undefined ? [] : [collector];
  const byScript: Record<string, number[]> = {
    'gateway/main.js': [...subgraphs, REDIS.port, ...otlp],
    ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [`${s}/main.js`, otlp])),
    'scripts/start.js': SERVICE_NAMES.map((s) => stack.ports[s]),
    'scripts/code.js': [stack.ports.shanghai],
    'scripts/auditVerify.js': [REDIS.port],
    'peers/bareApolloGateway.js': subgraphs,
    'peers/hiveGateway.js': subgraphs,
  };
  return (script) => new Set(byScript[script] ?? []);
}

/** The attempts in `records` to anywhere but what `allowed` gives their process, as `script kind host:port`. */
function unexpected(records: readonly EgressRecord[], allowed: (script: string) => ReadonlySet<number>): string[] {
  return records
    .filter((r) => r.kind !== 'loaded')
    .filter((r) => !r.allowed || (r.kind !== 'dns' && !allowed(r.script).has(r.port ?? -1)))
    .map((r) => `${r.script} ${r.kind}${r.call ? ` ${r.call}` : ''} ${r.host}${r.port === undefined ? '' : `:${r.port}`}`);
}

/**
 * The environment every guarded process gets: the preload, which names where it writes.
 * `npm start` hands each service only the variables its config schema reads (and
 * NODE_OPTIONS), so the log's path travels inside a preload of its own, not in a variable.
 */
function guarded(log: string): Record<string, string> {
  const preload = `${log}.preload.js`;
  writeFileSync(preload, `process.env.YRD_EGRESS_LOG = ${JSON.stringify(log)};\nrequire(${JSON.stringify(GUARD)});\n`);
  return { NODE_OPTIONS: `--require ${preload}` };
}

interface Stack {
  dir: string;
  log: string;
  ports: Record<ServiceName, number>;
  gatewayUrl: string;
  env: Record<string, string>;
  child: ChildProcess;
  output: string;
}

/** `node dist/scripts/start.js` under the guard, resolved once it prints that the gateway is ready. */
async function startStack(env: Record<string, string>): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'yrd-egress-'));
  const log = join(dir, 'egress.jsonl');
  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [s, await freePort()]))) as Record<ServiceName, number>;
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(SERVICE_NAMES.map((s) => [portVariable(s), String(ports[s])])),
    AUDIT_SPOOL_FILE: join(dir, 'audit.jsonl'),
    // Smaller registries start faster; the scenario permits (the README's) are always in.
    MOCK_SIZE: '200',
    LOG_LEVEL: 'warn',
    ...guarded(log),
    ...env,
  };
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'start.js')], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const stack: Stack = { dir, log, ports, gatewayUrl: `http://127.0.0.1:${ports.gateway}`, env: fullEnv, child, output: '' };
  child.stdout?.on('data', (d) => (stack.output += String(d)));
  child.stderr?.on('data', (d) => (stack.output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack was not ready in 60 s:\n${stack.output}`)), 60_000);
    const ready = setInterval(() => {
      if (!stack.output.includes('YRD interop gateway ready')) return;
      clearTimeout(timer);
      clearInterval(ready);
      resolve();
    }, 100);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(ready);
      reject(new Error(`npm start exited with ${code}:\n${stack.output}`));
    });
  });
  return stack;
}

/** SIGTERM to npm start, which drains every service; resolves once it has exited. */
async function stopStack(stack: Stack | undefined): Promise<void> {
  if (!stack || stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const exited = new Promise((resolve) => stack.child.once('exit', resolve));
  stack.child.kill('SIGTERM');
  await exited;
}

/** Every README example, each with the headers `headersFor` gives its purpose; the statuses. */
async function driveExamples(stack: Stack, headersFor: (purpose: ApiExample['purpose']) => Promise<Record<string, string>>): Promise<number[]> {
  const statuses: number[] = [];
  for (const example of API_EXAMPLES) {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersFor(example.purpose)) },
      body: JSON.stringify({ query: example.query, variables: example.variables, operationName: exampleName(example) }),
    });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

/** The pages and operations endpoints the README names, as a browser or a probe asks them. */
async function drivePages(stack: Stack, headers: Record<string, string> = {}): Promise<void> {
  for (const path of ['/', '/explorer', '/verify', '/status', '/healthz', '/readyz', '/health/regions', '/health/history', '/metrics', '/schema.graphql']) {
    const res = await fetch(`${stack.gatewayUrl}${path}`, { headers: { accept: 'text/html,*/*', ...headers } });
    await res.arrayBuffer();
  }
}

/** A built script under the guard, with the stack's environment; its output (a failure is the test's to judge). */
async function runScript(stack: Stack, script: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'scripts', script), ...args], { cwd: stack.dir, env: { ...stack.env, ...env }, timeout: 30_000 });
    return stdout;
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

/**
 * The bench's peer gateways (a bare Apollo Gateway, Hive Gateway) over the stack's
 * subgraphs, each under the guard with Apollo's variables set, asked one README example.
 */
async function drivePeers(stack: Stack): Promise<void> {
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    PORT: '0',
    LOG_LEVEL: 'info',
    SCHEMA_DIR: join(ROOT, 'dist', 'schemas'),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), `http://127.0.0.1:${stack.ports[s]}/graphql`])),
    APOLLO_KEY: 'service:yrd-egress-test:not-a-real-key',
    APOLLO_GRAPH_REF: 'yrd-egress-test@current',
    ...guarded(stack.log),
  };
  const peers = await Promise.all(
    ['bareApolloGateway.js', 'hiveGateway.js'].map((script) => startServiceProcess('gateway', env, { entry: join(ROOT, 'dist', 'bench', 'peers', script) })),
  );
  try {
    const example = API_EXAMPLES[0]!;
    for (const peer of peers) {
      const res = await fetch(peer.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: example.query }) });
      await res.arrayBuffer();
    }
  } finally {
    await Promise.all(peers.map((p) => p.stop()));
  }
}

/** Deletes the Redis keys a stack wrote under its own prefix. */
async function dropKeys(prefix: string): Promise<void> {
  const redis = new Redis({ ...REDIS, lazyConnect: true });
  await redis.connect();
  const keys = await keysUnder(redis, prefix);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

it('the guard blocks and records a connect, tls, fetch, DNS lookup and resolve, and UDP send to anywhere but loopback', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'yrd-egress-guard-'));
  const log = join(dir, 'egress.jsonl');
  // 0.0.0.0 and this host's own name: were the guard ever to let one through, it would
  // still stay on this machine (/etc/hosts; the resolver is pointed at a closed loopback port).
  const script = `
    const codes = [];
    const note = (what) => (e) => codes.push(what + ' ' + (e && (e.code || (e.cause && e.cause.code))));
    const dns = require('node:dns');
    dns.setServers(['127.0.0.1:1']);
    Promise.all([
      new Promise((r) => require('node:net').connect(81, '0.0.0.0').on('error', (e) => r(note('net')(e)))),
      new Promise((r) => require('node:tls').connect(443, '0.0.0.0').on('error', (e) => r(note('tls')(e)))),
      fetch('http://0.0.0.0:81/').catch(note('fetch')),
      // As the cloud-metadata detectors ask: an http.request by options, to an IP address.
      new Promise((r) => require('node:http').request({ host: '0.0.0.0', port: 81, path: '/latest/api/token', method: 'PUT' }).on('error', (e) => r(note('http')(e))).end()),
      new Promise((r) => require('node:http').get('http://${hostname()}:81/').on('error', (e) => r(note('http-by-name')(e)))),
      new Promise((r) => dns.lookup(${JSON.stringify(hostname())}, (e) => r(note('lookup')(e)))),
      dns.promises.resolve4(${JSON.stringify(hostname())}).catch(note('resolve4')),
      new Promise((r) => require('node:dgram').createSocket('udp4').send('x', 81, '0.0.0.0', (e) => r(note('udp')(e)))),
    ]).then(() => { console.log(codes.sort().join(',')); process.exit(0); });`;
  try {
    const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...guarded(log) } });
    expect(stdout.trim().split(',')).toEqual(
      ['fetch', 'http', 'http-by-name', 'lookup', 'net', 'resolve4', 'tls', 'udp'].map((what) => `${what} EGRESS_BLOCKED`),
    );
    const records = readLog(log);
    expect(records.filter((r) => r.kind !== 'loaded').every((r) => r.allowed === false)).toBe(true);
    // Each TCP attempt by address was stopped at the connect itself: net, tls, fetch, http.
    expect(records.filter((r) => r.kind === 'connect' && r.host === '0.0.0.0').map((r) => r.port).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([81, 81, 81, 443]);
    expect([...new Set(records.map((r) => r.kind))].sort()).toEqual(['connect', 'dns', 'loaded', 'tls', 'udp', 'undici']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('npm start in development, the README examples, scripts and the bench\'s peers driven through it', () => {
  const prefix = `yrd-egress-dev-${process.pid}:`;
  let stack: Stack | undefined;
  let records: EgressRecord[] = [];
  let statuses: number[] = [];

  // The bench installs its Hive peer on first use (bench/peers, its own lockfile); so does
  // this test, before any guarded process runs, so the peer's egress is checked too.
  beforeAll(() => ensureHivePeerInstalled(), 180_000);

  beforeAll(async () => {
    stack = await startStack({ NODE_ENV: 'development', REDIS_URL: `redis://${REDIS.host}:${REDIS.port}`, REDIS_KEY_PREFIX: prefix });
    statuses = await driveExamples(stack, (purpose) => partnerHeaders(purpose));
    await drivePages(stack);
    // The README's scripts, each under the guard: a token, a gateway key pair, a presentation code.
    await runScript(stack, 'token.js', ['--partner', 'demo-all', '--purpose', 'SCHOOLING']);
    await runScript(stack, 'gatewayKey.js', []);
    await runScript(stack, 'code.js', ['3101152022000001018', '--purpose', 'SCHOOLING', '--out', join(stack.dir, 'code.png'), '--city', `http://127.0.0.1:${stack.ports.shanghai}`]);
    await drivePeers(stack);
    // Long enough for construction-time probes that wait on a timer to have fired.
    await sleep(2000);
    await stopStack(stack);
    await runScript(stack, 'auditVerify.js', [], { NODE_ENV: 'development', REDIS_URL: `redis://${REDIS.host}:${REDIS.port}` });
    records = readLog(stack.log);
  }, 120_000);

  afterAll(async () => {
    await stopStack(stack);
    await dropKeys(prefix);
    if (stack) rmSync(stack.dir, { recursive: true, force: true });
  });

  it('ran every process under the guard: npm start, the gateway, every subgraph and the scripts', () => {
    const loaded = new Set(records.filter((r) => r.kind === 'loaded').map((r) => r.script));
    expect([...loaded].sort()).toEqual(
      [
        'scripts/start.js',
        'gateway/main.js',
        ...SERVICE_NAMES.filter((s) => s !== 'gateway').map((s) => `${s}/main.js`),
        'scripts/token.js',
        'scripts/gatewayKey.js',
        'scripts/code.js',
        'scripts/auditVerify.js',
        'peers/bareApolloGateway.js',
        'peers/hiveGateway.js',
      ].sort(),
    );
    // Every example was answered (a refusal is an answer; what matters here is the traffic behind it).
    expect(statuses).toHaveLength(API_EXAMPLES.length);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('contacts nothing but what each process is configured to: subgraphs, Redis, its own services', () => {
    expect(unexpected(records, allowedPorts(stack!))).toEqual([]);
    // The recorder saw the traffic it allowed: the gateway's to every subgraph and to Redis.
    const fromGateway = new Set(records.filter((r) => r.script === 'gateway/main.js' && r.kind === 'connect').map((r) => r.port));
    expect([...SERVICE_NAMES.filter((s) => s !== 'gateway').map((s) => stack!.ports[s]), REDIS.port].filter((p) => !fromGateway.has(p))).toEqual([]);
  });
});

describe('npm start in production, with Apollo\'s variables in its environment and an OTLP collector configured', () => {
  const prefix = `yrd-egress-prod-${process.pid}:`;
  let stack: Stack | undefined;
  let collector: Server;
  let collectorPort: number;
  let spansPosted = 0;
  let records: EgressRecord[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      if (req.url === '/v1/traces') spansPosted++;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    collectorPort = (collector.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'yrd-egress-partner-'));
    const partner = await productionPartner(dir);
    stack = await startStack({
      // Every production variable, each secret fresh, as the README's production command sets them.
      ...Object.fromEntries(productionVariables(partner.registryFile)),
      REDIS_URL: `redis://${REDIS.host}:${REDIS.port}`,
      REDIS_KEY_PREFIX: prefix,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      // What a host's environment may hold: Apollo Server would report usage to Apollo.
      APOLLO_KEY: 'service:yrd-egress-test:not-a-real-key',
      APOLLO_GRAPH_REF: 'yrd-egress-test@current',
    });
    const headers = { authorization: `Bearer ${partner.token}`, 'x-case-id': 'CASE-EGRESS-1', 'x-officer-id': 'officer-egress' };
    await driveExamples(stack, async (purpose) => ({ ...headers, 'x-purpose': purpose }));
    await drivePages(stack, { authorization: headers.authorization });
    await sleep(2000);
    await stopStack(stack);
    records = readLog(stack.log);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  afterAll(async () => {
    await stopStack(stack);
    await new Promise((resolve) => collector?.close(resolve));
    await dropKeys(prefix);
    if (stack) rmSync(stack.dir, { recursive: true, force: true });
  });

  it('contacts nothing but what each process is configured to: subgraphs, Redis, the collector', () => {
    expect(unexpected(records, allowedPorts(stack!, collectorPort))).toEqual([]);
    expect(records.some((r) => r.script === 'gateway/main.js' && r.kind === 'loaded')).toBe(true);
  });

  it('sends its spans to the configured collector', () => {
    expect(spansPosted).toBeGreaterThan(0);
  });
});
