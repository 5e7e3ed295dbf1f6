import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger';
import type { AuditRecord } from './AuditRecord';
import { toAuditEntry } from './AuditEntry';
import { openAuditFile, type AuditFileLine } from './AuditFile';
import { appendToStream, type SequencedEntry } from './appendToStream';
import { GENESIS_HASH, chainHash } from './chainHash';
import { startCheckpoints, streamState, type CheckpointOptions } from './checkpointer';
import { MIN_HMAC_KEY_BYTES, permitIdHasher } from './permitIdHasher';

/** Options of `createAuditLog`. */
export interface AuditLogOptions {
  /** The gateway's client (`createRedis`); `undefined` makes `spoolFile` the store of record. */
  redis?: Redis;
  /** Stream of the audit trail. In Redis Cluster give it a hash tag, e.g. `{yrd:audit}`. */
  streamKey: string;
  /** This process's append-only file: the spool while Redis is down, or the store of record. */
  spoolFile: string;
  /** Key of the permit-number HMAC, at least 32 bytes. */
  hmacKey: string | Buffer;
  /** Key of the chain's links (`chainHash`), at least 32 bytes, not `hmacKey`. */
  chainKey: string | Buffer;
  logger: Logger;
  /** How often spooled records are retried, milliseconds. Default 5000. */
  flushIntervalMs?: number;
  /**
   * Longest time one batch may take to reach Redis (slow replies, races lost to other
   * replicas) before it is spooled instead, milliseconds. Default 1000.
   */
  redisTimeoutMs?: number;
  /** Signed checkpoints of the store of record (the stream, or the file without Redis); none when absent. */
  checkpoints?: CheckpointOptions;
}

/** The audit trail of one gateway process. */
export interface AuditLog {
  /**
   * Records one request. Resolves `true` once the record is in the stream or fsynced in
   * the file; `false` once neither could take it and it is held in memory for the timer
   * to retry (with an error logged) — then, if given, `ifHeld()` is what is held instead
   * (the caller withheld what `record` says was released). Never rejects.
   */
  append(record: AuditRecord, ifHeld?: () => AuditRecord): Promise<boolean>;
  /**
   * Moves spooled records into the stream, oldest first, then empties the spool.
   * Resolves with how many were added; 0 without Redis or while it is down. Never rejects.
   */
  flush(): Promise<number>;
  /**
   * False once a write found neither Redis nor the file able to take it, until one
   * succeeds again: the gateway then refuses to release personal data (fail closed).
   */
  available(): boolean;
  /**
   * Stops the timer, writes what is queued (to Redis or the file), and logs any record
   * still held (hashed, as stored) as an error line rather than dropping it. Leaves `redis` open.
   */
  close(): Promise<void>;
  /**
   * The spool as it stands (records waiting in the file for Redis to come back) and the
   * age of its oldest record in seconds (0 when empty), for the metrics. Always empty
   * without Redis: there the file is the store of record, not a spool.
   */
  spool(): { records: number; oldestAgeSeconds: number };
}

interface Queued extends SequencedEntry {
  /** The caller's `append` has resolved. */
  settled: boolean;
  /** Resolves the caller's `append`: `written` durably, or held in memory (and the entry replaced by `ifHeld`). */
  settle(written: boolean): void;
}

// Records per Lua call or file write: bounds the time one call holds Redis.
const BATCH = 100;
// Spool lines read per flush step; appends may run between steps.
const FLUSH_STEP_LINES = 1000;

/**
 * Creates the audit trail: one hash-chained record per request, appended to a Redis
 * stream, or — while Redis is down, or when there is none — to an append-only file.
 *
 * Order: one process writes its records strictly in `append` order. While the spool
 * holds anything, new records join the spool behind it, so the stream receives them
 * in order once Redis is back (on the client's `ready` event and every
 * `flushIntervalMs`). A flush that dies midway is repeated from the start of the spool;
 * the writer marker of `appendToStream` makes the repeat add nothing twice.
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { redis, streamKey, logger } = options;
  const log = logger.child({ component: 'audit' });
  const hashPermitId = permitIdHasher(options.hmacKey);
  const file = openAuditFile(options.spoolFile);
  const writer = randomUUID();
  const { chainKey } = options;
  if (Buffer.byteLength(chainKey) < MIN_HMAC_KEY_BYTES) throw new RangeError(`the audit chain key must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
  const appendOptions = { chainKey, timeoutMs: options.redisTimeoutMs ?? 1000 };

  const queue: Queued[] = [];
  let seq = 0;
  // Guess of the stream's last hash: right unless another replica appended meanwhile.
  let streamHead = GENESIS_HASH;
  // Last line of the file, once read: its chain continues from it.
  let fileTail: FileTail | undefined;
  let fileHasLines = false;
  // Complete lines in the file, once counted (checkpoints of the file as store of record).
  let fileLineCount: number | undefined;
  let redisFailing = false;
  // The last write found no store that could take it (neither Redis nor the file).
  let unwritable = false;
  // The spool (only with Redis): records in the file, and when the oldest was recorded (epoch ms).
  let spooled = 0;
  let oldestSpooledAt: number | undefined;

  // Everything touching the file or the stream runs one step at a time, in call order.
  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = lock.then(step);
    lock = run.catch(() => undefined);
    return run;
  }

  async function loadFileTail(): Promise<FileTail> {
    const last = await file.recover();
    if (last === null) log.error({ file: file.path }, 'audit: last line of the audit file is malformed; chain restarts');
    fileTail = last ? { hash: last.hash, writer: last.writer, seq: last.seq } : EMPTY_TAIL;
    fileHasLines = last !== undefined;
    fileLineCount = undefined; // recovery may have cut a torn line
    if (redis) await countSpool();
    return fileTail;
  }

  /** Counts the spool left in the file (a previous run's, or after a failed write); its oldest record's time is its first line's. */
  async function countSpool(): Promise<void> {
    spooled = fileHasLines ? await countLines() : 0;
    const first = fileHasLines ? (await file.read(0, 1, 1)).lines[0]?.line : undefined;
    oldestSpooledAt = first ? Date.parse(first.entry.time) || Date.now() : fileHasLines ? Date.now() : undefined;
  }

  async function writeToFile(batch: Queued[]): Promise<void> {
    const tail = fileTail ?? (await loadFileTail());
    // A write that failed halfway may have stored some lines of this batch already.
    const fresh = batch.filter((q) => tail.writer !== writer || q.seq > tail.seq);
    let prevHash = tail.hash;
    const lines: AuditFileLine[] = fresh.map((q) => {
      const hash = chainHash(prevHash, q.entry, chainKey);
      const line = { writer, seq: q.seq, prevHash, hash, entry: q.entry };
      prevHash = hash;
      return line;
    });
    try {
      await file.append(lines);
    } catch (err) {
      fileTail = undefined; // re-read: the file may end in a torn line
      throw err;
    }
    const last = lines[lines.length - 1];
    if (last) {
      fileTail = { hash: last.hash, writer, seq: last.seq };
      fileHasLines = true;
      if (fileLineCount !== undefined) fileLineCount += lines.length;
      if (redis) {
        if (spooled === 0) oldestSpooledAt = Date.parse(lines[0]!.entry.time) || Date.now();
        spooled += lines.length;
      }
    }
  }

  /** Writes the oldest queued records somewhere durable; false when nowhere could take them. */
  async function writeBatch(): Promise<boolean> {
    const batch = queue.slice(0, BATCH);
    if (batch.length === 0) return true;
    if (!fileTail) {
      // Unreadable: the write below reports it; meanwhile Redis, if up, takes the records.
      await loadFileTail().catch(() => undefined);
    }
    if (redis && !fileHasLines) {
      if (redis.status === 'ready') {
        try {
          streamHead = (await appendToStream(redis, streamKey, writer, batch, streamHead, appendOptions)).head;
          done(batch);
          if (redisFailing) log.info('audit: appending to redis again');
          redisFailing = false;
          return true;
        } catch (err) {
          if (!redisFailing) log.warn({ err: (err as Error).message }, 'audit: redis append failed; spooling');
        }
      } else if (!redisFailing) {
        log.warn({ status: redis.status }, 'audit: redis unavailable; spooling');
      }
      redisFailing = true;
    }
    try {
      await writeToFile(batch);
      done(batch);
      return true;
    } catch (err) {
      // Nothing durable took them: keep them queued, release the callers.
      log.error({ err: (err as Error).message, held: queue.length }, 'audit: cannot write the audit file; records held in memory');
      unwritable = true;
      for (const q of queue) q.settle(false);
      return false;
    }
  }

  function done(batch: Queued[]): void {
    unwritable = false;
    queue.splice(0, batch.length);
    checkpointer?.written(batch.length);
    for (const q of batch) q.settle(true);
  }

  let draining: Promise<void> | undefined;
  function drain(): Promise<void> {
    draining ??= drainQueue().finally(() => {
      draining = undefined;
      // Appended after the loop's last look at the queue.
      if (queue.some((q) => !q.settled)) void drain();
    });
    return draining;
  }

  async function drainQueue(): Promise<void> {
    try {
      // A failed write leaves the queue for the timer, rather than spinning.
      while (queue.length > 0 && (await exclusive(writeBatch))) {
        /* next batch */
      }
    } catch (err) {
      log.error({ err: (err as Error).message, held: queue.length }, 'audit: write failed; records held in memory');
      for (const q of queue) q.settle(false);
    }
  }

  /** One flush step: moves up to FLUSH_STEP_LINES spooled lines; 'done' once the spool is empty. */
  async function flushStep(client: Redis, cursor: FlushCursor): Promise<'more' | 'done' | 'stop'> {
    if (!fileTail) await loadFileTail();
    if (!fileHasLines) return 'done';
    if (client.status !== 'ready') return 'stop';
    const { lines, nextOffset } = await file.read(cursor.offset, FLUSH_STEP_LINES, cursor.lineNo);
    if (lines.length === 0) {
      // Caught up under the lock, so no line can arrive between reading and emptying.
      await file.truncate();
      fileTail = EMPTY_TAIL;
      fileHasLines = false;
      fileLineCount = 0;
      spooled = 0;
      oldestSpooledAt = undefined;
      return 'done';
    }
    const groups: Array<{ writer: string; items: SequencedEntry[] }> = [];
    for (const { lineNo, text, line } of lines) {
      if (!line || !hashMatches(line, chainKey)) {
        // Altered or corrupt while spooled: must not be laundered into the trusted chain.
        log.error({ file: file.path, line: lineNo }, 'audit: spooled record fails its hash check; moved to .rejected');
        await file.reject(text);
        continue;
      }
      if (line.prevHash !== cursor.prevHash) {
        log.error({ file: file.path, line: lineNo }, 'audit: spool chain broken before this line (a record is missing)');
      }
      cursor.prevHash = line.hash;
      // Duplicates of a line (a retried write) are skipped; the stream skips the rest.
      const seen = cursor.highestSeq.get(line.writer) ?? 0;
      if (line.seq <= seen) continue;
      cursor.highestSeq.set(line.writer, line.seq);
      let group = groups[groups.length - 1];
      if (!group || group.writer !== line.writer || group.items.length >= BATCH) {
        group = { writer: line.writer, items: [] };
        groups.push(group);
      }
      group.items.push({ seq: line.seq, entry: line.entry });
    }
    for (const group of groups) {
      const result = await appendToStream(client, streamKey, group.writer, group.items, streamHead, appendOptions);
      streamHead = result.head;
      cursor.moved += result.appended;
    }
    cursor.offset = nextOffset;
    cursor.lineNo += lines.length;
    return 'more';
  }

  let flushing: Promise<number> | undefined;
  function flush(): Promise<number> {
    const client = redis;
    if (!client) return Promise.resolve(0);
    flushing ??= (async () => {
      const cursor: FlushCursor = { offset: 0, lineNo: 1, prevHash: GENESIS_HASH, highestSeq: new Map(), moved: 0 };
      try {
        while ((await exclusive(() => flushStep(client, cursor))) === 'more') {
          /* next step */
        }
      } catch (err) {
        log.warn({ err: (err as Error).message, moved: cursor.moved }, 'audit: flush interrupted; will retry');
      } finally {
        flushing = undefined;
      }
      if (cursor.moved > 0) log.info({ moved: cursor.moved }, 'audit: spooled records flushed to redis');
      return cursor.moved;
    })();
    return flushing;
  }

  // Flush on start (a previous run may have left a spool), when Redis comes back, and on
  // a timer (a failed append with Redis still up fires no event).
  const retry = (): void => {
    void flush().then(() => drain());
  };
  // The store of record is checkpointed: the stream with Redis, else the file.
  const checkpointer = options.checkpoints
    ? startCheckpoints(
        options.checkpoints,
        async () => {
          if (redis) return redis.status === 'ready' ? streamState(redis, streamKey) : undefined;
          return exclusive(async () => {
            const tail = fileTail ?? (await loadFileTail());
            fileLineCount ??= await countLines();
            return { seq: fileLineCount, head: tail.hash };
          });
        },
        log,
      )
    : undefined;

  async function countLines(): Promise<number> {
    let offset = 0;
    let count = 0;
    while (true) {
      const { lines, nextOffset } = await file.read(offset, FLUSH_STEP_LINES, count + 1);
      if (lines.length === 0) return count;
      count += lines.length;
      offset = nextOffset;
    }
  }

  redis?.on('ready', retry);
  const timer = setInterval(retry, options.flushIntervalMs ?? 5000);
  timer.unref();
  retry();

  return {
    append(record, ifHeld) {
      try {
        const entry = toAuditEntry(record, hashPermitId);
        return new Promise<boolean>((resolve) => {
          const queued: Queued = {
            seq: ++seq,
            entry,
            settled: false,
            settle(written) {
              if (queued.settled) return;
              queued.settled = true;
              // Not yet stored anywhere (a torn file write aside), so it can still say what really happened.
              if (!written && ifHeld) queued.entry = toAuditEntry(ifHeld(), hashPermitId);
              resolve(written);
            },
          };
          queue.push(queued);
          void drain();
        });
      } catch (err) {
        // Only a pipeline bug gets here (e.g. a record that is not an object).
        log.error({ err: (err as Error).message }, 'audit: record could not be built');
        return Promise.resolve(false);
      }
    },
    flush,
    available: () => !unwritable,
    spool: () => ({
      records: spooled,
      oldestAgeSeconds: spooled > 0 && oldestSpooledAt !== undefined ? Math.max(0, (Date.now() - oldestSpooledAt) / 1000) : 0,
    }),
    async close() {
      clearInterval(timer);
      redis?.off('ready', retry);
      await flushing;
      await drain();
      while (draining) await draining;
      await lock;
      await checkpointer?.close();
      // Last resort, so nothing held is lost: each record (permit numbers already hashed)
      // goes to the process log, which the platform keeps apart from both stores.
      for (const q of queue) log.error({ writer, seq: q.seq, auditEntry: q.entry }, 'audit: record could not be written before close; kept in this log line');
    },
  };
}

function hashMatches(line: AuditFileLine, chainKey: string | Buffer): boolean {
  try {
    return chainHash(line.prevHash, line.entry, chainKey) === line.hash;
  } catch {
    return false;
  }
}

/** Where the file's chain continues: the last line's hash and who wrote it. */
interface FileTail {
  hash: string;
  writer: string;
  seq: number;
}

const EMPTY_TAIL: FileTail = { hash: GENESIS_HASH, writer: '', seq: 0 };

interface FlushCursor {
  offset: number;
  lineNo: number;
  prevHash: string;
  highestSeq: Map<string, number>;
  moved: number;
}
