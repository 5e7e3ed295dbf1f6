import { spawn, type ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceName } from '../common/defaults';

/**
 * Running a built service as its own OS process, as in production: the one place that
 * spawns, waits for and stops service processes, for `npm start` (scripts/start.ts), the
 * tests (test/support/processes.ts) and the bench (bench/benchSystem.ts).
 */

/** A service running as its own process, started by `startService`. */
export interface ServiceProcess {
  name: ServiceName;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  graphqlUrl: string;
  child: ChildProcess;
  /** Log lines (parsed JSON) the process has written so far. */
  logs: Array<Record<string, unknown>>;
  /** SIGTERM and wait for exit; SIGKILL after `graceMs` milliseconds when given. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL and wait for exit: a crash, for failure tests. */
  kill(): Promise<void>;
}

// From scripts/ under ts-jest, or from dist/scripts/ once compiled.
const ROOT = join(__dirname, '..');
const DIST = basename(ROOT) === 'dist' ? ROOT : join(ROOT, 'dist');

/** The built entry of a service: `dist/gateway/main.js` or `dist/subgraphs/<name>/main.js`. */
export function serviceEntry(name: ServiceName): string {
  return name === 'gateway' ? join(DIST, 'gateway', 'main.js') : join(DIST, 'subgraphs', name, 'main.js');
}

/**
 * Spawns node on a built service (`npm run build` first) with exactly `env`, stdout and
 * stderr piped. `nodeArgs` go to node before the script, e.g. `--cpu-prof` (which
 * NODE_OPTIONS does not accept).
 */
export function spawnService(name: ServiceName, env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = [], entry = serviceEntry(name)): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Sends `signal` unless the process has exited, and resolves once it has. With
 * `graceMs`, a process still running that long after SIGTERM gets SIGKILL.
 */
export function stopProcess(child: ChildProcess, graceMs?: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  if (graceMs === undefined || signal === 'SIGKILL') return exited;
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return exited.finally(() => clearTimeout(timer));
}

/**
 * Spawns a built service and resolves once it logs that it listens (the `<name>
 * listening` line of common/httpService.ts `runMain`, at LOG_LEVEL info or lower), with
 * the URL it logged; rejects, naming its stderr, when it exits first or has not listened
 * within `timeoutMs` (then it is killed).
 */
export function startService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  /** `entry`: another built script to run under this name (the bench's peer gateways); default `serviceEntry(name)`. */
  options: { nodeArgs?: readonly string[]; timeoutMs?: number; entry?: string } = {},
): Promise<ServiceProcess> {
  // A city generates its 5,000 mock permits before it listens (it signs each when first
  // asked for it): well under 1 s alone, but five processes at once on a loaded 2-core
  // machine have taken over 20 s.
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawnService(name, env, options.nodeArgs, options.entry);
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  // Registered now, so an exit before `stop` is called is not missed.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopWith = (signal: NodeJS.Signals, graceMs?: number) => stopProcess(child, graceMs, signal).then(() => exited);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s: ${stderr}`));
    }, timeoutMs);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${stderr} ${JSON.stringify(logs)}`));
    };
    child.once('exit', exitedEarly);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let logLine: Record<string, unknown>;
      try {
        logLine = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(logLine);
      if (typeof logLine.url === 'string' && String(logLine.msg).endsWith('listening')) {
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        const baseUrl = logLine.url;
        resolve({
          name,
          baseUrl,
          graphqlUrl: `${baseUrl}/graphql`,
          child,
          logs,
          stop: (graceMs) => stopWith('SIGTERM', graceMs),
          kill: () => stopWith('SIGKILL'),
        });
      }
    });
  });
}

/** Polls `url` every 200 ms until it answers 2xx (true) or `ms` milliseconds pass (false). */
export async function waitHealthy(url: string, ms: number): Promise<boolean> {
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
