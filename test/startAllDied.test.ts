import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SERVICE_NAMES } from '../common/defaults';
import { portVariable } from '../scripts/start';
import { freePort } from './support/privateRedis';

/*
 * `npm start` (dist/scripts/start.js) when nothing it started survives: production with
 * none of the secrets production requires, so every service stops at its configuration.
 * It must fail, naming each service, rather than wait on processes that are gone.
 */

const ROOT = join(__dirname, '..');

it('exits 1 naming every service when every service it started has died', async () => {
  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [portVariable(s), String(await freePort())])));
  const start = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'start.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...ports },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  start.stderr?.on('data', (d) => (stderr += String(d)));
  start.stdout?.resume();
  const code = await new Promise<number | null>((resolve) => start.once('exit', (c) => resolve(c)));
  expect(code).toBe(1);
  const line = stderr.split('\n').find((l) => l.startsWith('npm start: every service it started has exited'));
  expect(line).toBeDefined();
  for (const service of SERVICE_NAMES) expect(line).toContain(`${service} (`);
}, 60_000);
