import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../common/canonicalJson';
import { exportRawPublicKey } from '../../common/signing';
import { checkpointVerifies, type Checkpoint } from './checkpoints';
import { auditLinks, verifyAuditChain, type AuditAnchor, type AuditChainSource, type Link } from './verifyAuditChain';

/** The files of an archive; `manifest.json` signs the digests of the others. */
const FILES = { records: 'records.jsonl', checkpoints: 'checkpoints.jsonl', report: 'report.json', publicKey: 'public-key.txt' } as const;

/** What `manifest.json` holds, signed (Ed25519, base64url) over its canonical JSON without `signature`. */
interface Manifest {
  from: string;
  to: string;
  records: number;
  /** Position in the trail of the first and last exported record (1-based); 0 when none. */
  firstSeq: number;
  lastSeq: number;
  sha256: Record<keyof typeof FILES, string>;
  signature: string;
}

/**
 * Writes an inspector's archive of one window `[from, to)` into `out`: the records with
 * their position, links and entries; every checkpoint; the public key; the report of the
 * full verification (chain key and checkpoints) run at export; and a manifest signing the
 * digests of all four with the deployment's signing key. `verifyArchive` checks it with
 * the public key alone. Resolves with the count.
 *
 * The window: in a stream, the entries whose ids (the millisecond they entered the
 * trail, by Redis's clock) fall in it, read with XRANGE over those bounds only — a
 * contiguous run of the chain, so it verifies on its own; a record spooled during an
 * outage is in the window of its flush, with its own `time` inside. In the file, the
 * records whose `time` falls in it. Either way each record keeps its `prevHash`, so the
 * first one links to the head before the window, and its position lets an inspector
 * match it to the checkpoints.
 */
export async function exportArchive(
  source: AuditChainSource,
  anchor: AuditAnchor,
  signingKey: KeyObject,
  range: { from: string; to: string; out: string },
): Promise<number> {
  const stream = 'redis' in source;
  const window = stream ? { ...source, start: String(Date.parse(range.from)), end: `(${Date.parse(range.to)}` } : source;
  const records: Link[] = [];
  const positions: number[] = [];
  let seq = 0;
  for await (const link of auditLinks(window)) {
    seq++;
    const time = (link.entry as { time?: unknown } | undefined)?.time;
    if (!stream && (typeof time !== 'string' || time < range.from || time >= range.to)) continue;
    records.push(link);
    positions.push(seq);
  }
  const result = await verifyAuditChain(source, anchor, stream ? records[0]?.id : undefined);
  const report = { verifiedAt: new Date().toISOString(), result };
  // A stream window was read alone: its place in the trail comes from the full verification.
  const start = result.ok ? (result.position ?? 1) : 1;
  const seqOf = (i: number) => (stream ? start + i : positions[i]!);
  const lines = records.map((r, i) => canonicalJson({ seq: seqOf(i), id: r.id, prevHash: r.prevHash, hash: r.hash, entry: r.entry }));
  const firstSeq = records.length > 0 ? seqOf(0) : 0;
  const lastSeq = records.length > 0 ? seqOf(records.length - 1) : 0;
  const texts: Record<keyof typeof FILES, string> = {
    records: lines.map((l) => `${l}\n`).join(''),
    checkpoints: anchor.checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''),
    report: `${JSON.stringify(report, null, 2)}\n`,
    publicKey: `${exportRawPublicKey(anchor.publicKey)}\n`,
  };
  await mkdir(range.out, { recursive: true });
  const sha256 = {} as Manifest['sha256'];
  for (const [name, file] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
    await writeFile(join(range.out, file), texts[name]);
    sha256[name] = digest(texts[name]);
  }
  const body = { from: range.from, to: range.to, records: lines.length, firstSeq, lastSeq, sha256 };
  const signature = sign(null, Buffer.from(canonicalJson(body)), signingKey).toString('base64url');
  await writeFile(join(range.out, 'manifest.json'), `${JSON.stringify({ ...body, signature }, null, 2)}\n`);
  return lines.length;
}

/**
 * Checks an archive with the deployment's public key only: the manifest's signature;
 * each file's digest; the records consecutive and linked (each `prevHash` the previous
 * `hash`); every checkpoint's signature, the head of each checkpoint inside the range
 * equal to that record's link, and the head of one just before it equal to the first
 * record's `prevHash`; and the export's own verification report OK. Never throws.
 */
export async function verifyArchive(dir: string, publicKey: KeyObject): Promise<{ ok: boolean; line: string }> {
  const fail = (line: string) => ({ ok: false, line: `BROKEN: ${line}` });
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const { signature, ...body } = manifest;
    if (!verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(String(signature), 'base64url'))) {
      return fail('manifest.json: its signature does not verify under the public key');
    }
    const texts = {} as Record<keyof typeof FILES, string>;
    for (const [name, file] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
      texts[name] = await readFile(join(dir, file), 'utf8');
      if (digest(texts[name]) !== manifest.sha256[name]) return fail(`${file}: its digest is not the one the manifest signs (changed)`);
    }
    const records = texts.records.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; prevHash: string; hash: string });
    for (let i = 1; i < records.length; i++) {
      const [before, r] = [records[i - 1]!, records[i]!];
      if (r.seq !== before.seq + 1 || r.prevHash !== before.hash) return fail(`records.jsonl: record ${r.seq} does not follow record ${before.seq}`);
    }
    const bySeq = new Map(records.map((r) => [r.seq, r]));
    let matched = 0;
    for (const [i, c] of texts.checkpoints.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Checkpoint).entries()) {
      if (!checkpointVerifies(c, publicKey)) return fail(`checkpoints.jsonl: checkpoint ${i + 1} does not verify`);
      const r = bySeq.get(c.seq);
      if (r && r.hash !== c.head) return fail(`records.jsonl: record ${c.seq} differs from the checkpoint signed at ${c.time}`);
      // A checkpoint just before the window vouches for the first record's link to it.
      const next = bySeq.get(c.seq + 1);
      if (next && !bySeq.has(c.seq) && next.prevHash !== c.head) {
        return fail(`records.jsonl: record ${c.seq + 1} does not follow the checkpoint signed at ${c.time}`);
      }
      if (r) matched++;
    }
    const report = JSON.parse(texts.report) as { verifiedAt: string; result: { ok: boolean; firstBrokenId?: string; reason?: string } };
    if (!report.result.ok) return fail(`the trail was broken at export (${report.verifiedAt}): ${report.result.firstBrokenId}: ${report.result.reason}`);
    return {
      ok: true,
      line: `OK: ${records.length} records from ${manifest.from} to ${manifest.to}, ${matched} checkpoints on them, trail verified at export ${report.verifiedAt}`,
    };
  } catch (err) {
    return fail(`unreadable: ${(err as Error).message}`);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
