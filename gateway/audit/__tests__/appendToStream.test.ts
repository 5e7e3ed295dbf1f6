import type { Redis } from 'ioredis';
import { toAuditEntry } from '../AuditEntry';
import { appendToStream, writerMarkerKey, type SequencedEntry } from '../appendToStream';
import { GENESIS_HASH } from '../chainHash';
import { permitIdHasher } from '../permitIdHasher';
import { verifyAuditChain } from '../verifyAuditChain';
import { CHAIN_KEY, HMAC_KEY, record } from './support/records';
import { connectRedis, deleteStream, uniqueStreamKey } from './support/sharedRedis';

let redis: Redis;
let streamKey: string;
const hash = permitIdHasher(HMAC_KEY);

function items(from: number, to: number): SequencedEntry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, entry: toAuditEntry(record(from + i), hash) }));
}

beforeAll(async () => {
  redis = await connectRedis();
});

beforeEach(() => {
  streamKey = uniqueStreamKey();
});

afterEach(async () => {
  await deleteStream(redis, streamKey);
});

afterAll(() => {
  redis?.disconnect();
});

describe('appendToStream', () => {
  it('adds a batch whose reply was lost only once when it is sent again', async () => {
    const first = await appendToStream(redis, streamKey, 'w1', items(1, 3), GENESIS_HASH, { chainKey: CHAIN_KEY });
    const again = await appendToStream(redis, streamKey, 'w1', items(1, 5), first.head, { chainKey: CHAIN_KEY });

    expect(first.appended).toBe(3);
    expect(again.appended).toBe(2);
    expect(await redis.xlen(streamKey)).toBe(5);
    expect(await redis.get(writerMarkerKey(streamKey, 'w1'))).toBe('5');
    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 5, lastHash: again.head });
  });

  it('re-hashes onto the real head when its guess is stale, instead of forking', async () => {
    await appendToStream(redis, streamKey, 'w1', items(1, 2), GENESIS_HASH, { chainKey: CHAIN_KEY });
    const other = await appendToStream(redis, streamKey, 'w2', items(3, 4), GENESIS_HASH, { chainKey: CHAIN_KEY });

    expect(other.appended).toBe(2);
    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 4 });
  });

  it('waits while another writer holds the turn, and gives up after its time budget', async () => {
    await redis.set(`${streamKey}:turn`, 'someone-else', 'PX', 5000);
    await expect(appendToStream(redis, streamKey, 'w1', items(1, 1), GENESIS_HASH, { chainKey: CHAIN_KEY, timeoutMs: 150 })).rejects.toThrow(
      /did not get through in 150 ms/,
    );
    expect(await redis.xlen(streamKey)).toBe(0);

    await redis.del(`${streamKey}:turn`);
    expect((await appendToStream(redis, streamKey, 'w1', items(1, 1), GENESIS_HASH, { chainKey: CHAIN_KEY })).appended).toBe(1);
  });
});
