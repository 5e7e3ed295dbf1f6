import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULTS, type ServiceName } from '../../common/defaults';

/** A service running as its own OS process, as in production. */
export interface ServiceProcess {
  name: ServiceName;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  graphqlUrl: string;
  child: ChildProcess;
  /** Log lines (parsed JSON) the process has written so far. */
  logs: Array<Record<string, unknown>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit: a crash, for failure tests. */
  kill(): Promise<void>;
}

// From test/support/ under ts-jest, or from dist/test/support/ once compiled (bench/).
const ROOT = join(__dirname, '..', '..');
const DIST = basename(ROOT) === 'dist' ? ROOT : join(ROOT, 'dist');

function entry(name: ServiceName): string {
  return name === 'gateway' ? join(DIST, 'gateway', 'main.js') : join(DIST, 'subgraphs', name, 'main.js');
}

/**
 * Starts `dist/<service>/main.js` on a free port (PORT=0) and resolves once it logs
 * that it listens. Needs `npm run build` first (`npm test` does it). `nodeArgs` go to
 * node before the script, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept).
 */
export function startService(
  name: ServiceName,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<ServiceProcess> {
  // Fixed dates are development only: a production service is started without them
  // unless the test passes one (to see it refused).
  const development = (env.NODE_ENV ?? 'development') === 'development';
  const child = spawn(process.execPath, [...nodeArgs, entry(name)], {
    env: {
      PATH: process.env.PATH,
      // Development: every process takes the development gateway key pair, so the gateway
      // and the subgraphs match, and test/support/gatewayCredential.ts signs with it too.
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...(development && { DECISION_DATE: DEFAULTS.mockAsOf, MOCK_AS_OF: DEFAULTS.mockAsOf }),
      // One audit spool per gateway process (a gateway without Redis keeps its trail there).
      AUDIT_SPOOL_FILE: join(tmpdir(), `yrd-audit-${process.pid}-${name}-${Math.random().toString(36).slice(2)}.jsonl`),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitExit = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 20 s: ${stderr}`));
    }, 20_000);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${stderr} ${JSON.stringify(logs)}`));
    };
    child.once('exit', exitedEarly);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entryLog: Record<string, unknown>;
      try {
        entryLog = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entryLog);
      if (typeof entryLog.url === 'string' && String(entryLog.msg).endsWith('listening')) {
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        const baseUrl = entryLog.url;
        resolve({
          name,
          baseUrl,
          graphqlUrl: `${baseUrl}/graphql`,
          child,
          logs,
          stop: () => waitExit('SIGTERM'),
          kill: () => waitExit('SIGKILL'),
        });
      }
    });
  });
}
