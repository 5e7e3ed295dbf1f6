import type { Redis } from 'ioredis';
import type { AuditEntry } from './AuditEntry';
import { openAuditFile } from './AuditFile';
import { GENESIS_HASH, chainHash } from './chainHash';

/** Where a chain is kept: a Redis stream, or an audit file (the store of record without Redis). */
export type AuditChainSource =
  | { redis: Redis; streamKey: string; /** XRANGE page size. Default 500. */ pageSize?: number }
  | { file: string };

/**
 * `count`: records that verified. When broken, `firstBrokenId` names the first record
 * that does not (a stream id, or `line <n>` of a file) and `reason` says why.
 */
export type AuditChainResult =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; firstBrokenId: string; reason: string };

interface Link {
  id: string;
  prevHash: unknown;
  hash: unknown;
  entry: unknown;
}

/**
 * Walks the whole chain from its first record and recomputes every hash. A record is
 * broken when its `prevHash` is not the previous record's hash (a record removed,
 * inserted or reordered before it) or its hash does not match its content (a field
 * changed). Removing records from the end leaves a valid shorter chain: compare
 * `count` and `lastHash` with a copy kept elsewhere to detect that.
 */
export async function verifyAuditChain(source: AuditChainSource): Promise<AuditChainResult> {
  let expected = GENESIS_HASH;
  let count = 0;
  for await (const link of 'file' in source ? fileLinks(source.file) : streamLinks(source)) {
    const reason = check(link, expected);
    if (reason) return { ok: false, count, firstBrokenId: link.id, reason };
    expected = link.hash as string;
    count++;
  }
  return { ok: true, count, lastHash: expected };
}

function check(link: Link, expected: string): string | undefined {
  if (typeof link.hash !== 'string' || typeof link.prevHash !== 'string') return 'malformed record: hash or prevHash missing';
  if (typeof link.entry !== 'object' || link.entry === null || Array.isArray(link.entry)) {
    return 'malformed record: entry missing or not an object';
  }
  if (link.prevHash !== expected) return "prevHash is not the previous record's hash (a record was removed, inserted or reordered)";
  let actual: string;
  try {
    actual = chainHash(expected, link.entry as AuditEntry);
  } catch {
    return 'malformed record: entry is not canonical JSON';
  }
  return actual === link.hash ? undefined : 'hash does not match the content (the record was changed)';
}

async function* streamLinks(source: { redis: Redis; streamKey: string; pageSize?: number }): AsyncGenerator<Link> {
  const pageSize = source.pageSize ?? 500;
  let start = '-';
  while (true) {
    const page = await source.redis.xrange(source.streamKey, start, '+', 'COUNT', pageSize);
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
