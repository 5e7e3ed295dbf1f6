import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { chainHash } from '../chainHash';
import { createAuditLog } from '../createAuditLog';
import { verifyAuditChain } from '../verifyAuditChain';
import { CHAIN_KEY, HMAC_KEY, record } from './support/records';
import { connectRedis, deleteStream, silentLogger, uniqueStreamKey } from './support/sharedRedis';

let redis: Redis;
let dir: string;
let streamKey: string;

beforeAll(async () => {
  redis = await connectRedis();
  dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
});

beforeEach(() => {
  streamKey = uniqueStreamKey();
});

afterEach(async () => {
  await deleteStream(redis, streamKey);
});

afterAll(() => {
  redis?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function appendRecords(n: number, options: { file?: string } = {}): Promise<void> {
  const log = createAuditLog({
    redis: options.file ? undefined : redis,
    streamKey,
    spoolFile: options.file ?? join(dir, `${streamKey.replace(/:/g, '_')}.jsonl`),
    hmacKey: HMAC_KEY, chainKey: CHAIN_KEY,
    logger: silentLogger,
  });
  for (let i = 0; i < n; i++) await log.append(record(i));
  await log.close();
}

/**
 * Stream entries cannot be edited in place: read them all, delete the stream and add
 * them back under their original ids, passing each through `edit` (null drops it).
 */
async function rewriteStream(edit: (id: string, fields: string[]) => string[] | null): Promise<void> {
  const entries = await redis.xrange(streamKey, '-', '+');
  await redis.del(streamKey);
  for (const [id, fields] of entries) {
    const kept = edit(id, fields);
    if (kept) await redis.xadd(streamKey, id, ...kept);
  }
}

function withEntry(fields: string[], change: (entry: Record<string, unknown>) => void): string[] {
  const out = [...fields];
  const at = out.indexOf('entry') + 1;
  const entry = JSON.parse(out[at]!) as Record<string, unknown>;
  change(entry);
  out[at] = JSON.stringify(entry);
  return out;
}

describe('verifyAuditChain', () => {
  it('accepts an untouched stream and reports its length and head', async () => {
    await appendRecords(12);
    const result = await verifyAuditChain({ redis, streamKey, pageSize: 5, chainKey: CHAIN_KEY });
    const [[, lastFields]] = (await redis.xrevrange(streamKey, '+', '-', 'COUNT', 1)) as [[string, string[]]];
    expect(result).toEqual({ ok: true, count: 12, lastHash: lastFields[lastFields.indexOf('hash') + 1], checkpoints: 0 });
  });

  it('accepts an empty stream', async () => {
    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 0 });
  });

  it('names the record whose field was changed in the stream', async () => {
    await appendRecords(10);
    const ids = (await redis.xrange(streamKey, '-', '+')).map(([id]) => id);
    const target = ids[6]!;
    await rewriteStream((id, fields) => (id === target ? withEntry(fields, (e) => (e.outcome = 'REFUSED')) : fields));

    expect(await verifyAuditChain({ redis, streamKey, pageSize: 4, chainKey: CHAIN_KEY })).toEqual({
      ok: false,
      count: 6,
      firstBrokenId: target,
      reason: 'hash does not match the content (the record was changed)',
    });
  });

  it('names the record after one that was removed from the stream', async () => {
    await appendRecords(6);
    const ids = (await redis.xrange(streamKey, '-', '+')).map(([id]) => id);
    await rewriteStream((id, fields) => (id === ids[2] ? null : fields));

    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: false, count: 2, firstBrokenId: ids[3] });
  });

  it('names the record whose hash was recomputed to hide a change (the next one breaks)', async () => {
    await appendRecords(5);
    const ids = (await redis.xrange(streamKey, '-', '+')).map(([id]) => id);
    // A forger without the later records' cooperation can fix one hash, not the chain.
    await rewriteStream((id, fields) => {
      if (id !== ids[1]) return fields;
      const changed = withEntry(fields, (e) => (e.caseId = 'forged'));
      const entry = JSON.parse(changed[changed.indexOf('entry') + 1]!) as Parameters<typeof chainHash>[1];
      changed[changed.indexOf('hash') + 1] = chainHash(changed[changed.indexOf('prevHash') + 1]!, entry, CHAIN_KEY);
      return changed;
    });

    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: false, count: 2, firstBrokenId: ids[2] });
  });

  it('checks a file the same way, naming the line', async () => {
    const file = join(dir, 'store.jsonl');
    await appendRecords(4, { file });
    expect(await verifyAuditChain({ file, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 4 });

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"purpose":"SCHOOL_ADMISSION"', '"purpose":"MEDICAL_SETTLEMENT"');
    writeFileSync(file, lines.join('\n'));
    expect(await verifyAuditChain({ file, chainKey: CHAIN_KEY })).toMatchObject({ ok: false, count: 2, firstBrokenId: 'line 3' });
  });

  it('reports a malformed line as broken', async () => {
    const file = join(dir, 'garbage.jsonl');
    writeFileSync(file, 'not json\n');
    expect(await verifyAuditChain({ file, chainKey: CHAIN_KEY })).toMatchObject({ ok: false, count: 0, firstBrokenId: 'line 1' });
  });
});
