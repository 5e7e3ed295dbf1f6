import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaToday } from '../common/chinaToday';
import { addDays } from '../common/dates';
import { signPresentationCode } from '../common/presentationCode';
import { SERVICE_NAMES } from '../common/defaults';
import { mockKeyPair } from '../common/mockIssuerKeys';
import { scenarioByName } from '../mocks/scenarios';
import { portVariable } from '../scripts/start';
import { gql } from './support/graphql';
import { freePort } from './support/privateRedis';

/*
 * A production stack started the README's way ("Quick start"): the variables
 * dist/scripts/productionEnv.js prints, then `npm start` (dist/scripts/start.js), no
 * fixed date anywhere, no published key. The mock registries are then generated as of
 * today and the hub decides as of today, both in Asia/Shanghai: a permit whose validity
 * ended before today is refused.
 */

const ROOT = join(__dirname, '..');
let dir: string;
let stack: ChildProcess | undefined;
let gatewayUrl: string;
let authorization: string;
let output = '';

/** The README's production command, from its "Quick start", and its token for the demo partner. */
const README_COMMAND = [
  'node dist/scripts/productionEnv.js > .env',
  'set -a && . ./.env && set +a && npm start',
  'TOKEN=$(node dist/scripts/partnerToken.js --key config/demo-partner.private.jwk --partner demo-partner --purpose MEDICAL_BILLING)',
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-production-'));
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const line of README_COMMAND) expect(readme).toContain(line);
  // The README's first line, its registry in this test's folder: fresh secrets, a demo partner.
  const printed = execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'productionEnv.js'), '--partners', join(dir, 'partners.json')], { cwd: ROOT, encoding: 'utf8' });
  const dotEnv = Object.fromEntries(
    printed
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const token = execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'scripts', 'partnerToken.js'), '--key', join(dir, 'demo-partner.private.jwk'), '--partner', 'demo-partner', '--purpose', 'SCHOOLING,PROVIDENT_FUND_WITHDRAWAL'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  authorization = `Bearer ${token.trim()}`;

  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [portVariable(s), String(await freePort())])));
  gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
  stack = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'start.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...dotEnv,
      ...ports,
      AUDIT_SPOOL_FILE: join(dir, 'audit.jsonl'),
      // Smaller registries start faster; the scenario permits are always included.
      MOCK_SIZE: '200',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack.stdout?.on('data', (d) => (output += String(d)));
  stack.stderr?.on('data', (d) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not become ready in 60 s:\n${output}`)), 60_000);
    const ready = setInterval(() => {
      if (!output.includes('YRD interop gateway ready')) return;
      clearTimeout(timer);
      clearInterval(ready);
      resolve();
    }, 100);
    stack!.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(ready);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}, 70_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolve) => stack!.once('exit', resolve));
    stack.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Decided {
  permit: {
    validUntil: string;
    recognition: { decision: string; decidedAt: string; reasons: Array<{ code: string }> };
  };
}

it('decides with today in Asia/Shanghai: a permit that ran out before today is REJECTED: PERMIT_EXPIRED', async () => {
  // Scenario ah-grace-period: its validity ends 10 days before the registry's as-of date.
  const { permitId } = scenarioByName('ah-grace-period');
  const before = chinaToday();
  const res = await gql<Decided>(
    gatewayUrl,
    /* GraphQL */ `{ permit(id: "${permitId}") { validUntil
      recognition(host: SUZHOU, service: PROVIDENT_FUND_WITHDRAWAL) { decision decidedAt reasons { code } } } }`,
    undefined,
    { authorization, 'x-purpose': 'PROVIDENT_FUND_WITHDRAWAL', 'x-case-id': 'CASE-PROD-1', 'x-officer-id': 'officer-1' },
  );
  const after = chinaToday();
  expect(res.errors).toBeUndefined();
  const { validUntil, recognition } = res.data!.permit;
  // Today on both sides: the city generated its registry as of today (not a fixed
  // 2026-11-01), and the hub decided on today.
  expect([before, after]).toContain(recognition.decidedAt);
  const today = recognition.decidedAt;
  expect(validUntil).toBe(addDays(today, -10));
  expect(validUntil < today).toBe(true);
  expect(recognition.decision).toBe('REJECTED');
  expect(recognition.reasons.map((r) => r.code)).toContain('PERMIT_EXPIRED');
});

it('trusts no code signed with the published SH-2026-01 key: the hub knows only the demo secret’s keys', async () => {
  const { permitId } = scenarioByName('sh-family-valid');
  const { code } = await signPresentationCode(
    { permitId, issuer: 'SHANGHAI', purpose: 'SCHOOLING', now: Math.floor(Date.now() / 1000) },
    'SH-2026-01',
    mockKeyPair('SH-2026-01').privateKey,
  );
  const res = await gql<{ verifyPresentation: { verification: { signatureValid: boolean; issuerTrusted: boolean } } | null }>(
    gatewayUrl,
    /* GraphQL */ `query ($code: String!) { verifyPresentation(code: $code) {
      verification { signatureValid issuerTrusted } permit { id dependants { birthDate } } } }`,
    { code },
    { authorization, 'x-purpose': 'SCHOOLING', 'x-case-id': 'CASE-PROD-2', 'x-officer-id': 'officer-1' },
  );
  expect(res.data?.verifyPresentation ?? null).toBeNull();
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['CODE_INVALID']);
});
