import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULTS, DEFAULT_PORTS, SERVICE_NAMES, SUBGRAPH_NAMES, localSubgraphUrl, type ServiceName } from '../common/defaults';
import { loadScenarios } from '../mocks/scenarios';

/**
 * `npm start`: every subgraph and the gateway as separate processes on this machine,
 * their logs prefixed with the service name; Ctrl-C stops them all. `npm start -- <name>`
 * (or `npm run start:<name>`) starts one. Ports come from `<SERVICE>_PORT`.
 */
const COLOURS = [36, 33, 35, 32, 34, 31];

function portOf(service: ServiceName, env: NodeJS.ProcessEnv): number {
  const given = env[`${service.toUpperCase()}_PORT`];
  return given ? Number(given) : DEFAULT_PORTS[service];
}

function entryOf(service: ServiceName): string {
  return service === 'gateway'
    ? join(__dirname, '..', 'gateway', 'main.js')
    : join(__dirname, '..', 'subgraphs', service, 'main.js');
}

function childEnv(service: ServiceName, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, PORT: String(portOf(service, env)) };
  // The demo decides as of the mock registries' date, so the README's outputs repeat.
  out.DECISION_DATE ??= env.MOCK_AS_OF ?? DEFAULTS.mockAsOf;
  if (service === 'gateway') {
    for (const s of SUBGRAPH_NAMES) out[`${s.toUpperCase()}_URL`] ??= localSubgraphUrl(s, portOf(s, env));
  }
  return out;
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

async function waitHealthy(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((s) => !(SERVICE_NAMES as string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown service(s): ${unknown.join(', ')}; known: ${SERVICE_NAMES.join(', ')}`);
    process.exit(2);
  }
  const services = asked.length ? (asked as ServiceName[]) : SERVICE_NAMES;
  const width = Math.max(...services.map((s) => s.length));
  const children = services.map((service, i) => {
    const label = `\x1b[${COLOURS[i % COLOURS.length]}m[${service.padEnd(width)}]\x1b[0m`;
    const child = spawn(process.execPath, [entryOf(service)], {
      env: childEnv(service, process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(child, label);
    child.on('exit', (code, signal) => {
      process.stdout.write(`${label} exited (${signal ?? code})\n`);
    });
    return child;
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
      process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const up = await Promise.all(
    services.map((s) => waitHealthy(`http://127.0.0.1:${portOf(s, process.env)}/healthz`, 30_000)),
  );
  const down = services.filter((_, i) => !up[i]);
  if (down.length) {
    console.error(`not healthy after 30 s: ${down.join(', ')}`);
    return;
  }
  if (services.includes('gateway')) {
    const url = `http://127.0.0.1:${portOf('gateway', process.env)}/graphql`;
    const example = loadScenarios().find((s) => s.name === 'sh-family-valid');
    const query = `{ permit(id: "${example?.permitId}") { id issuer status validUntil holder { name } ... on ShanghaiPermit { category points } } }`;
    console.log(`\nYRD interop gateway ready: ${url}\nTry:\n  curl -s ${url} -H 'content-type: application/json' \\\n    -d '${JSON.stringify({ query })}'\n`);
  }
}

void main();
