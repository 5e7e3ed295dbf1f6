import { sign, verify, type KeyObject } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import { canonicalJson } from '../../common/canonicalJson';
import type { CheckpointLocation } from './config';

/**
 * A signed statement of the deployment: "the trail had `seq` records, the last one's
 * link `head`, at `time`". Ed25519 over the canonical JSON of `{ seq, head, time }`,
 * base64url. Anyone with the public key can check it; only the holder of
 * AUDIT_SIGNING_KEY can make one, so a trail cut, rebuilt or rewritten after a
 * checkpoint no longer matches it.
 */
export interface Checkpoint {
  seq: number;
  head: string;
  time: string;
  signature: string;
}

export function signCheckpoint(body: Omit<Checkpoint, 'signature'>, privateKey: KeyObject): Checkpoint {
  const { seq, head, time } = body;
  return { seq, head, time, signature: sign(null, Buffer.from(canonicalJson({ seq, head, time })), privateKey).toString('base64url') };
}

/** Whether `value` is a well-formed checkpoint whose signature verifies under `publicKey`. */
export function checkpointVerifies(value: unknown, publicKey: KeyObject): value is Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  if (!c || !Number.isSafeInteger(c.seq) || typeof c.head !== 'string' || typeof c.time !== 'string' || typeof c.signature !== 'string') {
    return false;
  }
  try {
    const body = Buffer.from(canonicalJson({ seq: c.seq, head: c.head, time: c.time }));
    return verify(null, body, publicKey, Buffer.from(c.signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * The append-only second store of checkpoints: a Redis list (RPUSH only) or a JSON-lines
 * file (opened for append only; put it on storage the gateway cannot rewrite, e.g. a
 * file with `chattr +a`, or a Redis whose ACL allows the gateway RPUSH but not LSET/DEL).
 */
export interface CheckpointStore {
  append(checkpoint: Checkpoint): Promise<void>;
  /** Every stored item, parsed (an unparsable item is kept as `undefined`, to be reported). */
  readAll(): Promise<unknown[]>;
}

export function checkpointStore(location: CheckpointLocation, redis: Redis | undefined): CheckpointStore {
  if ('redisKey' in location) {
    if (!redis) throw new Error('checkpoints in Redis need REDIS_URL');
    const key = location.redisKey;
    return {
      append: async (c) => {
        await redis.rpush(key, canonicalJson(c));
      },
      readAll: async () => (await redis.lrange(key, 0, -1)).map(parse),
    };
  }
  const { file } = location;
  return {
    append: async (c) => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${canonicalJson(c)}\n`, { flag: 'a' });
    },
    readAll: async () => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      return text.split('\n').filter(Boolean).map(parse);
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
