import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createAuditLog } from '../createAuditLog';
import { runAuditVerify } from '../runAuditVerify';
import { freePort } from '../../../test/support/privateRedis';
import { CHAIN_KEY, HMAC_KEY, record } from './support/records';
import { SHARED_REDIS_URL, connectRedis, deleteStream, silentLogger, uniqueStreamKey } from './support/sharedRedis';

let redis: Redis;
let dir: string;
const streamKey = uniqueStreamKey();

beforeAll(async () => {
  redis = await connectRedis();
  dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  const log = createAuditLog({ redis, streamKey, spoolFile: join(dir, 'spool.jsonl'), hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
  for (let i = 0; i < 3; i++) await log.append(record(i));
  await log.close();
});

afterAll(async () => {
  await deleteStream(redis, streamKey);
  redis?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('runAuditVerify (npm run audit:verify)', () => {
  it('exits 0 with one line for a valid stream', async () => {
    const result = await runAuditVerify({ NODE_ENV: 'development', REDIS_URL: SHARED_REDIS_URL, AUDIT_STREAM_KEY: streamKey, AUDIT_CHAIN_KEY: CHAIN_KEY }, []);
    expect(result.code).toBe(0);
    expect(result.line).toMatch(new RegExp(`^audit chain OK: stream ${streamKey}, 3 records, head [0-9a-f]{64}, 0 checkpoints$`));
  });

  it('exits 1 naming the first broken record', async () => {
    const key = uniqueStreamKey();
    await redis.xadd(key, '1-1', 'prevHash', '0'.repeat(64), 'hash', 'f'.repeat(64), 'entry', '{}');
    try {
      const result = await runAuditVerify({ NODE_ENV: 'development', REDIS_URL: SHARED_REDIS_URL, AUDIT_STREAM_KEY: key, AUDIT_CHAIN_KEY: CHAIN_KEY }, []);
      expect(result.code).toBe(1);
      expect(result.line).toContain('first broken record 1-1: hash does not match');
    } finally {
      await redis.del(key);
    }
  });

  it('checks the file when no REDIS_URL is set (an empty value counts as unset)', async () => {
    const file = join(dir, 'store.jsonl');
    const log = createAuditLog({ streamKey: 'unused', spoolFile: file, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    await log.append(record(1));
    await log.close();
    const result = await runAuditVerify({ NODE_ENV: 'development', REDIS_URL: '', AUDIT_SPOOL_FILE: file, AUDIT_CHAIN_KEY: CHAIN_KEY }, []);
    expect(result).toMatchObject({ code: 0 });
    expect(result.line).toContain(`file ${file}, 1 records`);
  });

  it('exits 1 naming a spooled record altered while Redis was down, and a spool with rejected records', async () => {
    const spool = join(dir, 'tampered-spool.jsonl');
    const offline = createAuditLog({ streamKey: 'unused', spoolFile: spool, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: silentLogger });
    for (let i = 0; i < 3; i++) await offline.append(record(i));
    await offline.close();
    writeFileSync(spool, readFileSync(spool, 'utf8').replace('"outcome":"OK"', '"outcome":"REFUSED"'));
    const env = { NODE_ENV: 'development', REDIS_URL: SHARED_REDIS_URL, AUDIT_STREAM_KEY: streamKey, AUDIT_CHAIN_KEY: CHAIN_KEY, AUDIT_SPOOL_FILE: spool };
    expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringContaining(`spool ${spool}, first broken record line 1: hash does not match`) });
    writeFileSync(spool, '');
    writeFileSync(`${spool}.rejected`, '{"a tampered line":1}\n');
    expect(await runAuditVerify(env, [])).toEqual({ code: 1, line: expect.stringContaining('moved to') });
  });

  it('exits 2 when Redis does not answer', async () => {
    const result = await runAuditVerify({ NODE_ENV: 'development', REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, []);
    expect(result.code).toBe(2);
    expect(result.line).toMatch(/^audit:verify could not read stream yrd:audit: .*ECONNREFUSED/);
  });

  it('exits 2 on arguments or an invalid variable', async () => {
    expect((await runAuditVerify({}, ['--fix'])).code).toBe(2);
    const bad = await runAuditVerify({ NODE_ENV: 'development', REDIS_URL: 'not a url' }, []);
    expect(bad.code).toBe(2);
    expect(bad.line).toContain('REDIS_URL');
  });
});
