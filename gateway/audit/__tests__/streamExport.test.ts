import { createHash, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { canonicalJson } from '../../../common/canonicalJson';
import { DEFAULTS } from '../../../common/defaults';
import { gatewayPrivateKey } from '../../../common/gatewayCredential';
import { streamState } from '../checkpointer';
import { checkpointStore, signCheckpoint } from '../checkpoints';
import { createAuditLog } from '../createAuditLog';
import { runAuditExport } from '../runAuditExport';
import { runAuditVerify } from '../runAuditVerify';
import { CHAIN_KEY, HMAC_KEY, record } from './support/records';
import { connectRedis, deleteStream, silentLogger, SHARED_REDIS_URL, uniqueStreamKey } from './support/sharedRedis';

/*
 * audit:export over a Redis stream reads only the window asked for (XRANGE over the
 * stream ids, which are the milliseconds the records entered the trail), and the
 * archive of a window starting mid-chain still verifies with the public key alone: its
 * records keep their positions and their link to the head before the window.
 */

let redis: Redis;
let streamKey: string;
let dir: string;
let ids: string[];
let env: Record<string, string>;

beforeAll(async () => {
  redis = await connectRedis();
  streamKey = uniqueStreamKey();
  dir = mkdtempSync(join(tmpdir(), 'audit-stream-export-'));
  const log = createAuditLog({
    redis,
    streamKey,
    spoolFile: join(dir, 'spool.jsonl'),
    hmacKey: HMAC_KEY,
    chainKey: CHAIN_KEY,
    logger: silentLogger,
  });
  // Three groups of four records, a few milliseconds apart, so a window can hold exactly
  // the middle one; a signed checkpoint after each group (as the gateway's checkpointer
  // writes them, here at known places).
  const checkpoints = checkpointStore({ redisKey: `${streamKey}:checkpoints` }, redis);
  const signingKey = gatewayPrivateKey(DEFAULTS.developmentOnlyAuditSigningKey);
  for (let i = 0; i < 12; i++) {
    await log.append(record(i));
    if (i % 4 === 3) {
      await checkpoints.append(signCheckpoint({ ...(await streamState(redis, streamKey)), time: new Date().toISOString() }, signingKey));
      await sleep(20);
    }
  }
  await log.close();
  ids = (await redis.xrange(streamKey, '-', '+')).map(([id]) => id);
  env = { NODE_ENV: 'development', REDIS_URL: SHARED_REDIS_URL, AUDIT_STREAM_KEY: streamKey, AUDIT_CHAIN_KEY: CHAIN_KEY, AUDIT_SPOOL_FILE: join(dir, 'spool.jsonl') };
});
afterAll(async () => {
  await deleteStream(redis, streamKey);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const msOf = (id: string) => Number(id.split('-')[0]);
const iso = (ms: number) => new Date(ms).toISOString();
const inspector = () => ({ NODE_ENV: 'development', AUDIT_PUBLIC_KEY: DEFAULTS.developmentOnlyAuditPublicKey, AUDIT_SPOOL_FILE: join(dir, 'nothing-here') });

it('exports only the stream entries of the window, numbered by their place in the whole trail', async () => {
  expect(ids).toHaveLength(12);
  const out = join(dir, 'middle');
  const from = iso(msOf(ids[4]!));
  const to = iso(msOf(ids[7]!) + 1);
  expect(await runAuditExport(env, ['--from', from, '--to', to, '--out', out])).toEqual({ code: 0, line: expect.stringContaining('4 records') });
  const records = readFileSync(join(out, 'records.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; id: string; entry: { requestId: string } });
  expect(records.map((r) => r.id)).toEqual(ids.slice(4, 8));
  expect(records.map((r) => r.seq)).toEqual([5, 6, 7, 8]);
  expect(records.map((r) => r.entry.requestId)).toEqual(['req-4', 'req-5', 'req-6', 'req-7']);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { firstSeq: number; lastSeq: number };
  expect(manifest).toMatchObject({ firstSeq: 5, lastSeq: 8 });
  // The report still covers the whole trail.
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { result: { ok: boolean; count: number } };
  expect(report.result).toMatchObject({ ok: true, count: 12 });
  expect(await runAuditVerify(inspector(), ['--archive', out])).toEqual({ code: 0, line: expect.stringMatching(/OK: 4 records .* [1-9] checkpoints on them/) });
});

it('fails an archive whose first record no longer links to the checkpoint just before the window', async () => {
  const out = join(dir, 'relinked');
  expect((await runAuditExport(env, ['--from', iso(msOf(ids[4]!)), '--to', iso(msOf(ids[7]!) + 1), '--out', out])).code).toBe(0);
  // An exporter holding the signing key could re-sign the manifest, but not the checkpoint before the window.
  const checkpoints = join(out, 'checkpoints.jsonl');
  expect(readFileSync(checkpoints, 'utf8')).toContain('"seq":4');
  const records = join(out, 'records.jsonl');
  const text = readFileSync(records, 'utf8');
  const first = JSON.parse(text.split('\n')[0]!) as { prevHash: string };
  writeFileSync(records, text.replace(first.prevHash, '0'.repeat(64)));
  resign(out);
  expect(await runAuditVerify(inspector(), ['--archive', out])).toEqual({ code: 1, line: expect.stringContaining('record 5 does not follow the checkpoint') });
});

it('verifies nothing with the development keys when NODE_ENV is unset: an edited archive re-signed with them fails', async () => {
  const out = join(dir, 'forged');
  expect((await runAuditExport(env, ['--from', iso(msOf(ids[0]!)), '--to', iso(msOf(ids[3]!) + 1), '--out', out])).code).toBe(0);
  const records = join(out, 'records.jsonl');
  writeFileSync(records, readFileSync(records, 'utf8').replaceAll('req-1', 'req-X'));
  resign(out);
  // The forger's work holds up under the development keys, asked for by name…
  expect((await runAuditVerify(inspector(), ['--archive', out])).code).toBe(0);
  // …but the tool, like the services, is production unless told otherwise.
  const { NODE_ENV: _development, ...unset } = inspector();
  expect(await runAuditVerify({ AUDIT_SPOOL_FILE: unset.AUDIT_SPOOL_FILE }, ['--archive', out])).toEqual({ code: 2, line: expect.stringContaining('AUDIT_PUBLIC_KEY is required in production') });
  expect(await runAuditVerify({ ...unset, AUDIT_CHAIN_KEY: CHAIN_KEY }, ['--archive', out])).toEqual({ code: 2, line: expect.stringContaining('published development keys') });
  expect((await runAuditExport({ ...env, NODE_ENV: '' }, ['--from', '2020-01-01', '--to', '2020-01-02', '--out', join(dir, 'unset')])).code).toBe(2);
});

it('exports an empty archive for a window before the trail began', async () => {
  const out = join(dir, 'empty');
  expect(await runAuditExport(env, ['--from', '2020-01-01', '--to', '2020-01-02', '--out', out])).toEqual({ code: 0, line: expect.stringContaining('0 records') });
  expect((await runAuditVerify(inspector(), ['--archive', out])).code).toBe(0);
});

/** Recomputes the manifest's digests and signature with the development signing key (an insider who holds it). */
function resign(out: string): void {
  const manifestPath = join(out, 'manifest.json');
  const body = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown> & { sha256: Record<string, string> };
  delete body.signature;
  const files = { records: 'records.jsonl', checkpoints: 'checkpoints.jsonl', report: 'report.json', publicKey: 'public-key.txt' };
  for (const [name, file] of Object.entries(files)) body.sha256[name] = createHash('sha256').update(readFileSync(join(out, file), 'utf8')).digest('hex');
  const signature = sign(null, Buffer.from(canonicalJson(body)), gatewayPrivateKey(DEFAULTS.developmentOnlyAuditSigningKey)).toString('base64url');
  writeFileSync(manifestPath, JSON.stringify({ ...body, signature }));
}
