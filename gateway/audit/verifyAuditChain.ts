import type { KeyObject } from 'node:crypto';
import type { Redis } from 'ioredis';
import { checkpointVerifies, type Checkpoint } from './checkpoints';
import type { AuditEntry } from './AuditEntry';
import { openAuditFile } from './AuditFile';
import { GENESIS_HASH, chainHash } from './chainHash';

/** Where a chain is kept: a Redis stream, or an audit file (the store of record without Redis). */
export type AuditChainSource = (
  | {
      redis: Redis;
      streamKey: string;
      /** XRANGE page size. Default 500. */
      pageSize?: number;
      /** XRANGE bounds (an id, or `(id` exclusive) for `auditLinks`; default the whole stream. `verifyAuditChain` always reads it all. */
      start?: string;
      end?: string;
    }
  | { file: string }
) & { /** The deployment's chain key (AUDIT_CHAIN_KEY). */ chainKey: string | Buffer };

/**
 * `count`: records that verified. When broken, `firstBrokenId` names the first record
 * that does not (a stream id, or `line <n>` of a file) and `reason` says why.
 */
export type AuditChainResult =
  | {
      ok: true;
      count: number;
      lastHash: string;
      /** Distinct checkpoints that verified. */
      checkpoints: number;
      /** 1-based position of the record with stream id `positionOf`, when asked and found. */
      position?: number;
    }
  | { ok: false; count: number; firstBrokenId: string; reason: string };

/** One stored record as read, unchecked: its stream id (or `line <n>`), link fields and entry. */
export interface Link {
  id: string;
  prevHash: unknown;
  hash: unknown;
  entry: unknown;
}

/** The signed checkpoints of the trail (as stored, unchecked) and the key that must have signed them. */
export interface AuditAnchor {
  checkpoints: readonly unknown[];
  publicKey: KeyObject;
}

/**
 * Walks the whole chain from its first record and recomputes every link with the chain
 * key. A record is broken when its `prevHash` is not the previous record's link (a record
 * removed, inserted or reordered before it) or its link does not match its content (a
 * field changed). With an `anchor`, every checkpoint's signature must verify, the record
 * at each checkpoint's `seq` must carry its `head` (catching a chain rebuilt by whoever
 * holds the chain key), and the trail must reach the highest `seq` (catching a cut tail
 * or a deleted or empty trail).
 */
export async function verifyAuditChain(
  source: AuditChainSource,
  anchor?: AuditAnchor,
  /** A stream id whose position in the trail to return (an export's first record). */
  positionOf?: string,
): Promise<AuditChainResult> {
  const signed = new Map<number, Checkpoint>();
  let last: Checkpoint | undefined;
  for (const [i, c] of (anchor?.checkpoints ?? []).entries()) {
    if (!checkpointVerifies(c, anchor!.publicKey)) {
      return { ok: false, count: 0, firstBrokenId: `checkpoint ${i + 1}`, reason: 'its signature does not verify under the public key (forged or altered)' };
    }
    signed.set(c.seq, c);
    if (!last || c.seq > last.seq) last = c;
  }
  let expected = GENESIS_HASH;
  let count = 0;
  let position: number | undefined;
  // The whole trail, whatever window `source` names: a checkpoint vouches for the start.
  const whole = 'redis' in source ? { ...source, start: undefined, end: undefined } : source;
  for await (const link of auditLinks(whole)) {
    const reason = check(link, expected, source.chainKey);
    if (reason) return { ok: false, count, firstBrokenId: link.id, reason };
    expected = link.hash as string;
    count++;
    if (link.id === positionOf) position = count;
    const c = signed.get(count);
    if (c && c.head !== expected) {
      const why = `record ${count} differs from the checkpoint signed at ${c.time}: records up to it were changed, removed or re-chained`;
      return { ok: false, count: count - 1, firstBrokenId: link.id, reason: why };
    }
  }
  if (last && last.seq > count) {
    const reason = `missing: the trail ends after ${count} records, but the checkpoint signed at ${last.time} counts ${last.seq} (tail cut, or trail deleted or emptied)`;
    return { ok: false, count, firstBrokenId: `record ${count + 1}`, reason };
  }
  return { ok: true, count, lastHash: expected, checkpoints: signed.size, ...(position !== undefined && { position }) };
}

function check(link: Link, expected: string, chainKey: string | Buffer): string | undefined {
  if (typeof link.hash !== 'string' || typeof link.prevHash !== 'string') return 'malformed record: hash or prevHash missing';
  if (typeof link.entry !== 'object' || link.entry === null || Array.isArray(link.entry)) {
    return 'malformed record: entry missing or not an object';
  }
  if (link.prevHash !== expected) return "prevHash is not the previous record's hash (a record was removed, inserted or reordered)";
  let actual: string;
  try {
    actual = chainHash(expected, link.entry as AuditEntry, chainKey);
  } catch {
    return 'malformed record: entry is not canonical JSON';
  }
  return actual === link.hash ? undefined : 'hash does not match the content (the record was changed)';
}

/** The stored records of a trail, oldest first, unchecked. */
export function auditLinks(source: AuditChainSource): AsyncGenerator<Link> {
  return 'file' in source ? fileLinks(source.file) : streamLinks(source);
}

async function* streamLinks(source: Extract<AuditChainSource, { redis: Redis }>): AsyncGenerator<Link> {
  const pageSize = source.pageSize ?? 500;
  const end = source.end ?? '+';
  let start = source.start ?? '-';
  while (true) {
    const page = await source.redis.xrange(source.streamKey, start, end, 'COUNT', pageSize);
    for (const [id, fields] of page) {
      const map = new Map<string, string>();
      for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
      yield { id, prevHash: map.get('prevHash'), hash: map.get('hash'), entry: parseJson(map.get('entry')) };
    }
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    start = `(${last[0]}`;
  }
}

async function* fileLinks(path: string): AsyncGenerator<Link> {
  const file = openAuditFile(path);
  let offset = 0;
  let lineNo = 1;
  while (true) {
    const { lines, nextOffset } = await file.read(offset, 1000, lineNo);
    if (lines.length === 0) return;
    for (const { lineNo: n, text } of lines) {
      const value = parseJson(text) as Record<string, unknown> | undefined;
      yield { id: `line ${n}`, prevHash: value?.prevHash, hash: value?.hash, entry: value?.entry };
    }
    offset = nextOffset;
    lineNo += lines.length;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
