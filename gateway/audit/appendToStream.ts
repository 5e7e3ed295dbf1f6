import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { canonicalJson } from '../../common/canonicalJson';
import type { AuditEntry } from './AuditEntry';
import { GENESIS_HASH, chainHash } from './chainHash';

/** Lua: `head` := the link of the stream's (KEYS[1]) last record, or the genesis hash. */
export const READ_STREAM_HEAD = `
local head = '${GENESIS_HASH}'
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local f = last[1][2]
  for i = 1, #f, 2 do
    if f[i] == 'hash' then head = f[i + 1] end
  end
end
`;

/** A record waiting for the stream, numbered in its writer's order. */
export interface SequencedEntry {
  seq: number;
  entry: AuditEntry;
}

/** The chain key and tuning of `appendToStream`; every field but `chainKey` has a default. */
export interface StreamAppendOptions {
  /** The deployment's audit chain key (AUDIT_CHAIN_KEY), for `chainHash`. */
  chainKey: string | Buffer;
  /**
   * Give up after this long, milliseconds, whether Redis is slow or the batch keeps
   * losing the race; the caller then spools it. Default 1000.
   */
  timeoutMs?: number;
  /** Lifetime of a writer's "appended up to" marker, seconds. Default 90 days. */
  markerTtlSeconds?: number;
}

/** The Redis key holding how far `writer` has appended to `streamKey`. */
export function writerMarkerKey(streamKey: string, writer: string): string {
  return `${streamKey}:writer:${writer}`;
}

// Concurrency: several gateway replicas append to one stream, so "read the last hash,
// hash the new record, add it" must be atomic or two replicas would both chain onto the
// same record and fork the chain. SHA-256 is computed here in Node (Redis Lua only has
// SHA-1, and a hand-written SHA-256 in Lua would be home-made crypto run inside Redis);
// this script is a compare-and-append: it adds the records only if the stream's last
// hash is still the `prevHash` they were hashed onto, otherwise it changes nothing and
// returns the current head, and the caller re-hashes and retries. A Lua script is one
// round trip on the shared connection and atomic in Redis; WATCH/MULTI would need a
// connection of its own (WATCH is per connection) and three round trips per try.
// The head is read from the stream itself, so there is no second key to drift from it.
//
// Progress: under heavy contention one replica can keep losing the race. After losing
// twice it claims a turn: a key naming it, for TURN_MS, during which the script refuses
// every other writer, so its next try wins; the winning append deletes the key, and a
// replica that dies holding it only pauses the others for TURN_MS.
//
// Exactly once: the same script also keeps, per writer (one gateway process), the
// highest sequence number it has appended, and refuses a batch that starts at or below
// it. A record whose reply was lost (timeout, Redis killed mid-reply, ioredis resending
// an unanswered command after reconnecting) and that was therefore spooled as well is
// then never added twice, whatever order the two copies arrive in.
//
// KEYS: stream, writer marker, turn. ARGV: expected head, first seq, last seq, marker
// TTL (s), writer, claim a turn (1/0), then one (hash, entry JSON) pair per record.
const TURN_MS = 250;
const SCRIPT = `
${READ_STREAM_HEAD}local done = tonumber(redis.call('GET', KEYS[2]) or '0')
local turn = redis.call('GET', KEYS[3])
if tonumber(ARGV[2]) <= done then
  return {0, head, done}
end
if head ~= ARGV[1] or (turn and turn ~= ARGV[5]) then
  if ARGV[6] == '1' and not turn then
    redis.call('SET', KEYS[3], ARGV[5], 'PX', ${TURN_MS})
  end
  return {0, head, done}
end
local prev = ARGV[1]
for i = 7, #ARGV, 2 do
  redis.call('XADD', KEYS[1], '*', 'prevHash', prev, 'hash', ARGV[i], 'entry', ARGV[i + 1])
  prev = ARGV[i]
end
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
if turn then
  redis.call('DEL', KEYS[3])
end
return {1, prev}
`;
const SCRIPT_SHA1 = createHash('sha1').update(SCRIPT).digest('hex');

/**
 * Appends `items` (ascending `seq`, one writer) to the stream as the next links of its
 * chain, atomically with respect to every other appender. `head` is the caller's guess
 * of the stream's last hash; a wrong guess costs one retry. Items the stream already has
 * from this writer are skipped. Resolves with the new head and how many were added;
 * rejects when Redis fails or does not answer in time (the batch may or may not have
 * been added: appending it again later is safe).
 */
export async function appendToStream(
  redis: Redis,
  streamKey: string,
  writer: string,
  items: readonly SequencedEntry[],
  head: string,
  options: StreamAppendOptions,
): Promise<{ head: string; appended: number }> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const ttl = String(options.markerTtlSeconds ?? 90 * 24 * 3600);
  const keys = [streamKey, writerMarkerKey(streamKey, writer), `${streamKey}:turn`];
  const json = new Map(items.map((i) => [i, canonicalJson(i.entry)]));
  const deadline = Date.now() + timeoutMs;
  let pending = items;
  let prev = head;
  for (let attempt = 1; ; attempt++) {
    const first = pending[0];
    const last = pending[pending.length - 1];
    if (!first || !last) return { head: prev, appended: 0 };
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`audit append did not get through in ${timeoutMs} ms (${attempt - 1} tries)`);
    const claim = attempt >= 3 ? '1' : '0';
    const args: string[] = [prev, String(first.seq), String(last.seq), ttl, writer, claim];
    let link = prev;
    for (const item of pending) {
      link = chainHash(link, item.entry, options.chainKey);
      args.push(link, json.get(item) ?? canonicalJson(item.entry));
    }
    const reply = (await withTimeout(runScript(redis, keys, args), left)) as [number, string, number?];
    if (reply[0] === 1) return { head: reply[1], appended: pending.length };
    prev = reply[1];
    const done = Number(reply[2] ?? 0);
    pending = pending.filter((p) => p.seq > done);
    // Another replica won the race or holds the turn: back off a little, randomly.
    if (attempt >= 3 && pending.length > 0) await sleep(Math.random() * Math.min(attempt, 10));
  }
}

async function runScript(redis: Redis, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await redis.evalsha(SCRIPT_SHA1, keys.length, ...keys, ...args);
  } catch (err) {
    // A restarted Redis has an empty script cache.
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
      return redis.eval(SCRIPT, keys.length, ...keys, ...args);
    }
    throw err;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
