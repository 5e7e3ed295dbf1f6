import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { canonicalJson } from '../../common/canonicalJson';
import type { AuditEntry } from './AuditEntry';

/**
 * One line of the audit file: a chained record plus the identity of the process that
 * wrote it (`writer`, a UUID per audit log) and its sequence number in that process.
 * `writer` and `seq` are not hashed: they only let a flush skip what already reached
 * the stream.
 */
export interface AuditFileLine {
  writer: string;
  seq: number;
  prevHash: string;
  hash: string;
  entry: AuditEntry;
}

/** A line as read: its 1-based number, its text, and the parsed line when well formed. */
export interface ReadLine {
  lineNo: number;
  text: string;
  line: AuditFileLine | undefined;
}

/**
 * The append-only JSON-lines file of one gateway process: the spool while Redis is
 * down, or the store of record when no Redis is configured. Every append is fsynced
 * before it resolves. One process per file: two writers would fork its chain.
 */
export interface AuditFile {
  readonly path: string;
  /**
   * Cuts a torn last line (a write the process died in, never acknowledged) and returns
   * the last complete line, so appends continue its chain. `undefined` for an empty or
   * missing file; `null` when the last line is not a well-formed audit line.
   */
  recover(): Promise<AuditFileLine | null | undefined>;
  append(lines: readonly AuditFileLine[]): Promise<void>;
  /** Up to `maxLines` complete lines from byte `offset`; `nextOffset` follows the last. */
  read(offset: number, maxLines: number, firstLineNo: number): Promise<{ lines: ReadLine[]; nextOffset: number }>;
  /** Empties the file (durably). */
  truncate(): Promise<void>;
  /** Keeps a line that must not be flushed in `<path>.rejected` for investigation. */
  reject(text: string): Promise<void>;
}

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const HEX64 = /^[0-9a-f]{64}$/;

/** The audit file at `path`; its folder is created on first append. */
export function openAuditFile(path: string): AuditFile {
  return {
    path,
    recover: () => withFile(path, 'r+', (fh) => recoverTail(fh), undefined),
    append: (lines) => appendText(path, lines.map((l) => `${canonicalJson(l)}\n`).join('')),
    read: (offset, maxLines, firstLineNo) =>
      withFile(path, 'r', (fh) => readLines(fh, offset, maxLines, firstLineNo), { lines: [], nextOffset: offset }),
    truncate: () =>
      withFile(path, 'r+', async (fh) => {
        await fh.truncate(0);
        await fh.datasync();
      }, undefined),
    reject: (text) => appendText(`${path}.rejected`, `${text}\n`),
  };
}

/** Parses one line of the audit file; `undefined` unless it has the full shape. */
export function parseAuditFileLine(text: string): AuditFileLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    typeof v.writer === 'string' &&
    Number.isSafeInteger(v.seq) &&
    typeof v.prevHash === 'string' &&
    HEX64.test(v.prevHash) &&
    typeof v.hash === 'string' &&
    HEX64.test(v.hash) &&
    typeof v.entry === 'object' &&
    v.entry !== null &&
    !Array.isArray(v.entry);
  return ok ? (v as unknown as AuditFileLine) : undefined;
}

async function withFile<T>(path: string, flags: string, fn: (fh: FileHandle) => Promise<T>, ifMissing: T): Promise<T> {
  let fh: FileHandle;
  try {
    fh = await open(path, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ifMissing;
    throw err;
  }
  try {
    return await fn(fh);
  } finally {
    await fh.close();
  }
}

async function appendText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'a');
  try {
    await fh.writeFile(text, 'utf8');
    // The record is acknowledged only once it survives a power cut.
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

async function recoverTail(fh: FileHandle): Promise<AuditFileLine | null | undefined> {
  const { size } = await fh.stat();
  // Read backwards until the last newline and the one before it (or the file start).
  let tail = Buffer.alloc(0);
  let start = size;
  let lastNl = -1;
  let prevNl = -1;
  while (true) {
    lastNl = tail.lastIndexOf(NEWLINE);
    prevNl = lastNl > 0 ? tail.lastIndexOf(NEWLINE, lastNl - 1) : -1;
    if ((lastNl >= 0 && prevNl >= 0) || start === 0) break;
    const from = Math.max(0, start - CHUNK_BYTES);
    const chunk = Buffer.alloc(start - from);
    await fh.read(chunk, 0, chunk.length, from);
    tail = Buffer.concat([chunk, tail]);
    start = from;
  }
  const completeEnd = lastNl >= 0 ? start + lastNl + 1 : 0;
  if (completeEnd < size) {
    await fh.truncate(completeEnd);
    await fh.datasync();
  }
  if (lastNl < 0) return undefined;
  return parseAuditFileLine(tail.subarray(prevNl + 1, lastNl).toString('utf8')) ?? null;
}

async function readLines(
  fh: FileHandle,
  offset: number,
  maxLines: number,
  firstLineNo: number,
): Promise<{ lines: ReadLine[]; nextOffset: number }> {
  const lines: ReadLine[] = [];
  let pending = Buffer.alloc(0);
  let position = offset;
  let nextOffset = offset;
  while (lines.length < maxLines) {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
    let nl: number;
    while (lines.length < maxLines && (nl = pending.indexOf(NEWLINE)) >= 0) {
      const text = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      nextOffset += nl + 1;
      lines.push({ lineNo: firstLineNo + lines.length, text, line: parseAuditFileLine(text) });
    }
  }
  // A trailing fragment without its newline is a write in progress or torn: not a line.
  return { lines, nextOffset };
}
