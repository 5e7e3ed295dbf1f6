import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createAuditLog, type AuditLog } from '../createAuditLog';
import { permitIdHasher } from '../permitIdHasher';
import { verifyAuditChain } from '../verifyAuditChain';
import { until } from '../../../test/support/poll';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/privateRedis';
import { CHAIN_KEY, HMAC_KEY, permitId, record } from './support/records';
import { capturingLogger, connectRedis, deleteStream, silentLogger, uniqueStreamKey } from './support/sharedRedis';

let redis: Redis;
let dir: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await connectRedis();
  dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  redis?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function auditLog(options: Partial<Parameters<typeof createAuditLog>[0]> & { streamKey: string }): AuditLog {
  const log = createAuditLog({
    redis,
    spoolFile: join(dir, `${options.streamKey.replace(/:/g, '_')}.jsonl`),
    hmacKey: HMAC_KEY, chainKey: CHAIN_KEY,
    logger: silentLogger,
    ...options,
  });
  cleanups.push(() => log.close());
  return log;
}

function sharedStream(): string {
  const key = `${uniqueStreamKey()}`;
  cleanups.push(() => deleteStream(redis, key));
  return key;
}

async function requestIds(client: Redis, streamKey: string): Promise<string[]> {
  const entries = await client.xrange(streamKey, '-', '+');
  return entries.map(([, fields]) => (JSON.parse(fields[fields.indexOf('entry') + 1]!) as { requestId: string }).requestId);
}

describe('createAuditLog with Redis', () => {
  it('appends N records to the stream as one valid chain, in append order', async () => {
    const streamKey = sharedStream();
    const log = auditLog({ streamKey });
    for (let i = 0; i < 20; i++) await log.append(record(i));
    await Promise.all(Array.from({ length: 30 }, (_, i) => log.append(record(20 + i))));

    expect(await redis.xlen(streamKey)).toBe(50);
    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 50 });
    expect(await requestIds(redis, streamKey)).toEqual(Array.from({ length: 50 }, (_, i) => `req-${i}`));
  });

  it('stores permit ids only as their HMAC', async () => {
    const streamKey = sharedStream();
    const log = auditLog({ streamKey });
    await log.append(record(7));

    const [[, fields]] = (await redis.xrange(streamKey, '-', '+')) as [[string, string[]]];
    const stored = fields.join(' ');
    expect(stored).not.toContain(permitId(7));
    const hash = permitIdHasher(HMAC_KEY)(permitId(7));
    const entry = JSON.parse(fields[fields.indexOf('entry') + 1]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ permitIdHashes: [hash], decisions: [{ permitIdHash: hash, decision: 'RECOGNISED' }] });
    expect(entry).not.toHaveProperty('permitIds');
  });

  it('keeps one valid chain when two replicas on two connections append at once', async () => {
    const streamKey = sharedStream();
    const other = await connectRedis();
    cleanups.push(async () => other.disconnect());
    const a = auditLog({ streamKey });
    const b = auditLog({ streamKey, redis: other, spoolFile: join(dir, `${streamKey.replace(/:/g, '_')}-b.jsonl`) });

    await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a.append(record(i, 'a')) : b.append(record(i, 'b')))),
    );

    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 200 });
    const ids = await requestIds(redis, streamKey);
    expect(new Set(ids).size).toBe(200);
    // Each replica's records keep their own order inside the shared chain.
    const aIds = ids.filter((id) => id.startsWith('a-'));
    expect(aIds).toEqual(Array.from({ length: 100 }, (_, i) => `a-${2 * i}`));
  });

  it('repeating a flush that died before emptying the spool adds nothing twice', async () => {
    const streamKey = sharedStream();
    const spoolFile = join(dir, 'crash.jsonl');
    // Written while "Redis is down": the log has no client yet the file is a spool...
    const offline = createAuditLog({ spoolFile, streamKey, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    for (let i = 0; i < 5; i++) await offline.append(record(i));
    await offline.close();
    const spooled = readFileSync(spoolFile, 'utf8');

    // ...then a process with Redis flushes it, and dies before the spool is emptied:
    // the next process finds the same spool again.
    const first = auditLog({ streamKey, spoolFile });
    expect(await until(async () => (await redis.xlen(streamKey)) === 5, 2000, 20)).toBe(true);
    await first.close();
    writeFileSync(spoolFile, spooled);
    const second = auditLog({ streamKey, spoolFile });
    expect(await second.flush()).toBe(0);
    await second.append(record(5));

    expect(await redis.xlen(streamKey)).toBe(6);
    expect(readFileSync(spoolFile, 'utf8')).toBe('');
    expect(await verifyAuditChain({ redis, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 6 });
    expect(await requestIds(redis, streamKey)).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
  });

  it('does not move a spooled record that was altered into the stream', async () => {
    const streamKey = sharedStream();
    const spoolFile = join(dir, 'altered.jsonl');
    const offline = createAuditLog({ spoolFile, streamKey, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    for (let i = 0; i < 3; i++) await offline.append(record(i));
    await offline.close();
    const lines = readFileSync(spoolFile, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"outcome":"OK"', '"outcome":"REFUSED"');
    writeFileSync(spoolFile, lines.join('\n'));

    const log = auditLog({ streamKey, spoolFile });
    expect(await until(async () => readFileSync(spoolFile, 'utf8') === '', 2000, 20)).toBe(true);
    await log.close();

    expect(await requestIds(redis, streamKey)).toEqual(['req-0', 'req-2']);
    expect(readFileSync(`${spoolFile}.rejected`, 'utf8')).toContain('"requestId":"req-1"');
  });
});

describe('createAuditLog while Redis is down', () => {
  let server: PrivateRedis;
  let client: Redis;

  beforeAll(async () => {
    // Persistent: a Redis restarted after a crash must still hold what it acknowledged.
    server = await startPrivateRedis({ persist: true });
    client = await connectRedis(server.url);
  });

  afterAll(async () => {
    client?.disconnect();
    await server?.kill();
    if (server?.dir) rmSync(server.dir, { recursive: true, force: true });
  });

  it('spools while Redis is killed, never throws, and flushes in order when it returns', async () => {
    const streamKey = uniqueStreamKey();
    const spoolFile = join(dir, 'outage.jsonl');
    const { logger, lines } = capturingLogger();
    const log = createAuditLog({ redis: client, streamKey, spoolFile, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger });
    cleanups.push(() => log.close());

    for (let i = 0; i < 10; i++) await log.append(record(i));
    expect(await client.xlen(streamKey)).toBe(10);
    expect(log.spool()).toEqual({ records: 0, oldestAgeSeconds: 0 });

    await server.kill();
    const slowest = { ms: 0 };
    for (let i = 10; i < 30; i++) {
      const started = Date.now();
      await expect(log.append(record(i))).resolves.toBe(true);
      slowest.ms = Math.max(slowest.ms, Date.now() - started);
    }
    expect(slowest.ms).toBeLessThan(1500);
    expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(20);
    // The metrics' view of it: 20 waiting, the oldest as old as record 10's time.
    const spool = log.spool();
    expect(spool.records).toBe(20);
    const oldest = (Date.now() - Date.parse(record(10).time)) / 1000;
    expect(spool.oldestAgeSeconds).toBeGreaterThan(oldest - 60);
    expect(spool.oldestAgeSeconds).toBeLessThanOrEqual(oldest);
    // The spool is a chain of its own while it waits.
    expect(await verifyAuditChain({ file: spoolFile, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 20 });

    await server.start();
    // Records appended while the spool drains queue behind it.
    expect(await until(async () => client.status === 'ready', 3000, 20)).toBe(true);
    await log.append(record(30));
    expect(await until(async () => readFileSync(spoolFile, 'utf8') === '' && (await client.xlen(streamKey)) === 31, 3000, 20)).toBe(true);

    expect(log.spool()).toEqual({ records: 0, oldestAgeSeconds: 0 });
    expect(await requestIds(client, streamKey)).toEqual(Array.from({ length: 31 }, (_, i) => `req-${i}`));
    expect(await verifyAuditChain({ redis: client, streamKey, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 31 });

    const logged = lines.join('');
    expect(logged).toContain('spooling');
    for (let i = 0; i < 31; i++) {
      expect(logged).not.toContain(permitId(i));
      expect(logged).not.toContain(`case-${i}"`);
    }
  });
});

describe('createAuditLog without Redis', () => {
  it('keeps the chain in the file across restarts and after a torn last line', async () => {
    const file = join(dir, 'store.jsonl');
    const first = createAuditLog({ spoolFile: file, streamKey: 'unused', hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    for (let i = 0; i < 5; i++) await first.append(record(i));
    await first.close();
    expect(await first.flush()).toBe(0);
    appendFileSync(file, '{"writer":"dead-process","seq":1,"prevHa'); // died mid-write

    const second = createAuditLog({ spoolFile: file, streamKey: 'unused', hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    await Promise.all([5, 6, 7].map((i) => second.append(record(i))));
    await second.close();

    expect(await verifyAuditChain({ file, chainKey: CHAIN_KEY })).toMatchObject({ ok: true, count: 8 });
    expect(readFileSync(file, 'utf8')).not.toContain('dead-process');
  });

  it('refuses an HMAC key shorter than 32 bytes', () => {
    expect(() => createAuditLog({ spoolFile: join(dir, 'x.jsonl'), streamKey: 'k', hmacKey: 'short', chainKey: CHAIN_KEY, logger: silentLogger })).toThrow(
      RangeError,
    );
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  });
});
