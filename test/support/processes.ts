import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, type ServiceName } from '../../common/defaults';
import { startService as startServiceProcess, type ServiceProcess } from '../../scripts/serviceProcess';

export type { ServiceProcess } from '../../scripts/serviceProcess';

/**
 * Starts `dist/<service>/main.js` on a free port (PORT=0) in development, with the mock
 * registries' fixed date and an audit spool of its own, and resolves once it logs that it
 * listens. Needs `npm run build` first (`npm test` does it). `nodeArgs` go to node before
 * the script, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept).
 */
export function startService(
  name: ServiceName,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
  /** How long to wait for it to listen, milliseconds; default that of `scripts/serviceProcess.ts`. */
  timeoutMs?: number,
): Promise<ServiceProcess> {
  // Fixed dates are development only: a production service is started without them
  // unless the test passes one (to see it refused).
  const development = (env.NODE_ENV ?? 'development') === 'development';
  return startServiceProcess(
    name,
    {
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
    { nodeArgs, timeoutMs },
  );
}
