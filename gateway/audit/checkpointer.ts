import type { KeyObject } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger';
import { READ_STREAM_HEAD } from './appendToStream';
import { GENESIS_HASH } from './chainHash';
import { signCheckpoint, type CheckpointStore } from './checkpoints';

/** How often and where an audit log writes its signed checkpoints. */
export interface CheckpointOptions {
  store: CheckpointStore;
  /** The deployment's Ed25519 signing key (AUDIT_SIGNING_KEY). */
  signingKey: KeyObject;
  /** Longest time between two checkpoints while records arrive, milliseconds. Default 60,000. */
  intervalMs?: number;
  /** Records after which a checkpoint is written, whatever the time. Default 1000. */
  everyRecords?: number;
}

/** The trail's length and last link, read atomically; `undefined` while it cannot be read. */
export type TrailState = () => Promise<{ seq: number; head: string } | undefined>;

export interface Checkpointer {
  /** Counts records written; writes a checkpoint once `everyRecords` have been. */
  written(count: number): void;
  /** Writes a checkpoint now if the trail moved since the last one. Never rejects. */
  checkpoint(): Promise<void>;
  /** Stops the timer and writes a last checkpoint. */
  close(): Promise<void>;
}

/**
 * Writes a signed checkpoint of the trail (`signCheckpoint`) every `intervalMs` and
 * every `everyRecords` records, when the trail moved. Replicas sharing one stream each
 * write theirs: every checkpoint states a true length and head, so their order and
 * number do not matter to `audit:verify`.
 */
export function startCheckpoints(options: CheckpointOptions, state: TrailState, logger: Logger): Checkpointer {
  const everyRecords = options.everyRecords ?? 1000;
  let since = 0;
  let lastHead: string | undefined;
  let running: Promise<void> | undefined;

  function checkpoint(): Promise<void> {
    running ??= (async () => {
      try {
        const now = await state();
        if (!now || now.head === lastHead || now.head === GENESIS_HASH) return;
        await options.store.append(signCheckpoint({ ...now, time: new Date().toISOString() }, options.signingKey));
        lastHead = now.head;
        since = 0;
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'audit: checkpoint not written; will retry');
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const timer = setInterval(() => void checkpoint(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    written(count) {
      since += count;
      if (since >= everyRecords) void checkpoint();
    },
    checkpoint,
    async close() {
      clearInterval(timer);
      await running;
      await checkpoint();
    },
  };
}

// Length and last link of the stream in one atomic step, so they belong together.
const STREAM_STATE = `
local n = redis.call('XLEN', KEYS[1])
${READ_STREAM_HEAD}return {n, head}
`;

/** The stream's length and last link, read atomically. */
export async function streamState(redis: Redis, streamKey: string): Promise<{ seq: number; head: string }> {
  const [seq, head] = (await redis.eval(STREAM_STATE, 1, streamKey)) as [number, string];
  return { seq: Number(seq), head };
}
