import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../common/defaults';
import { gatewayPrivateKey } from '../../../common/gatewayCredential';
import { canonicalJson } from '../../../common/canonicalJson';
import type { AuditFileLine } from '../AuditFile';
import { GENESIS_HASH, chainHash } from '../chainHash';
import { checkpointStore } from '../checkpoints';
import { createAuditLog } from '../createAuditLog';
import { runAuditExport } from '../runAuditExport';
import { runAuditVerify } from '../runAuditVerify';
import { CHAIN_KEY, HMAC_KEY, record } from './support/records';
import { silentLogger } from './support/sharedRedis';

/*
 * The keyed, anchored chain against the tampering an insider could try on the file
 * store of record (no Redis): every one makes audit:verify fail at the right place, even
 * when the tamperer holds the chain key and re-chains, because the signed checkpoints
 * in the second store no longer match. An export verifies with the public key alone.
 */

let dir: string;
let trail: string;
let env: Record<string, string>;
let original: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-anchor-'));
  trail = join(dir, 'trail.jsonl');
  const checkpoints = join(dir, 'checkpoints.jsonl');
  env = { NODE_ENV: 'development', AUDIT_SPOOL_FILE: trail, AUDIT_CHECKPOINT_FILE: checkpoints, AUDIT_CHAIN_KEY: CHAIN_KEY };
  const log = createAuditLog({
    streamKey: 'unused',
    spoolFile: trail,
    hmacKey: HMAC_KEY,
    chainKey: CHAIN_KEY,
    logger: silentLogger,
    checkpoints: {
      store: checkpointStore({ file: checkpoints }, undefined),
      signingKey: gatewayPrivateKey(DEFAULTS.developmentOnlyAuditSigningKey),
      everyRecords: 4,
    },
  });
  for (let i = 0; i < 10; i++) await log.append(record(i));
  await log.close();
  original = readFileSync(trail, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => writeFileSync(trail, original));

const lines = () => original.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditFileLine);
/** Writes `kept` as the trail, every link recomputed with the chain key (an insider's re-chaining). */
function rechain(kept: AuditFileLine[]): void {
  let prevHash = GENESIS_HASH;
  const text = kept.map((l) => {
    const hash = chainHash(prevHash, l.entry, CHAIN_KEY);
    const line = canonicalJson({ ...l, prevHash, hash });
    prevHash = hash;
    return `${line}\n`;
  });
  writeFileSync(trail, text.join(''));
}

it('verifies the untouched trail against its checkpoints', async () => {
  const result = await runAuditVerify(env, []);
  expect(result.code).toBe(0);
  expect(result.line).toMatch(/10 records, head [0-9a-f]{64}, [1-9]\d* checkpoints$/);
});

it('names an edited record, even without re-chaining', async () => {
  const all = lines();
  all[1]!.entry.outcome = 'REFUSED';
  writeFileSync(trail, all.map((l) => `${canonicalJson(l)}\n`).join(''));
  expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringContaining('first broken record line 2: hash does not match') });
});

it('fails an edited record re-chained with the chain key at the first checkpoint after it', async () => {
  const all = lines();
  all[1]!.entry.outcome = 'REFUSED';
  rechain(all);
  expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringMatching(/first broken record line 4: record 4 differs from the checkpoint/) });
});

it('fails a middle record deleted and the rest re-chained', async () => {
  rechain(lines().filter((_, i) => i !== 2));
  expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringMatching(/first broken record line 4: record 4 differs from the checkpoint/) });
});

it('fails a tail cut below the last checkpoint, naming the gap', async () => {
  writeFileSync(trail, lines().slice(0, 5).map((l) => `${canonicalJson(l)}\n`).join(''));
  expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringMatching(/first broken record record 6: missing: the trail ends after 5 records, but the checkpoint .* counts (8|10)/) });
});

it('fails an empty or deleted trail when checkpoints exist', async () => {
  writeFileSync(trail, '');
  expect(await runAuditVerify(env, [])).toMatchObject({ code: 1, line: expect.stringContaining('the trail ends after 0 records') });
  rmSync(trail);
  expect(await runAuditVerify(env, [])).toMatchObject({ code: 1, line: expect.stringContaining('the trail ends after 0 records') });
});

it('writes an export that verifies with the public key alone, and fails once changed', async () => {
  const out = join(dir, 'export');
  const written = await runAuditExport(env, ['--from', '2026-11-01', '--to', '2026-11-02', '--out', out]);
  expect(written).toEqual({ code: 0, line: expect.stringContaining('10 records') });
  // Only the public key: no chain key, no store.
  const inspector = { NODE_ENV: 'development', AUDIT_PUBLIC_KEY: DEFAULTS.developmentOnlyAuditPublicKey, AUDIT_SPOOL_FILE: join(dir, 'nothing-here') };
  expect(await runAuditVerify(inspector, ['--archive', out])).toEqual({ code: 0, line: expect.stringMatching(/OK: 10 records .* [1-9] checkpoints on them/) });
  const records = join(out, 'records.jsonl');
  writeFileSync(records, readFileSync(records, 'utf8').replace('"OK"', '"REFUSED"'));
  expect(await runAuditVerify(inspector, ['--archive', out])).toEqual({ code: 1, line: expect.stringContaining('records.jsonl: its digest is not the one the manifest signs') });
});
