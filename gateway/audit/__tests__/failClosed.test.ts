import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../createAuditLog';
import { CHAIN_KEY, HMAC_KEY, permitId, record } from './support/records';
import { capturingLogger } from './support/sharedRedis';

/*
 * With no Redis and an audit file that cannot be written (here: its path is a folder),
 * the log says it is unavailable, so the gateway refuses personal data; at close, the
 * records it holds go to the process log, hashed as stored, instead of being lost.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-closed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reports itself unavailable when nothing can take a record, and logs every held record at close', async () => {
  const spoolFile = join(dir, 'not-a-file');
  mkdirSync(spoolFile);
  const { logger, lines } = capturingLogger();
  const log = createAuditLog({ streamKey: 'unused', spoolFile, hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger, flushIntervalMs: 60_000 });
  expect(log.available()).toBe(true);
  await expect(log.append(record(1))).resolves.toBe(false);
  // The caller withheld what record 2 says was released: the held record says so instead.
  const withheld = { ...record(2), fields: [], outcome: 'ERROR' as const, errorCodes: ['AUDIT_UNAVAILABLE'] };
  await expect(log.append(record(2), () => withheld)).resolves.toBe(false);
  expect(log.available()).toBe(false);
  await log.close();
  type Kept = { msg: string; seq?: number; auditEntry?: { requestId: string; errorCodes: string[]; fields: string[] } };
  const kept = lines.map((l) => JSON.parse(l) as Kept).filter((l) => l.auditEntry);
  expect(kept.map((l) => l.auditEntry!.requestId)).toEqual(['req-1', 'req-2']);
  expect(kept[1]!.auditEntry).toMatchObject({ errorCodes: ['AUDIT_UNAVAILABLE'], fields: [] });
  expect(lines.join('\n')).not.toContain(permitId(1));
});

it('is available again once a write succeeds', async () => {
  const { logger } = capturingLogger();
  const log = createAuditLog({ streamKey: 'unused', spoolFile: join(dir, 'ok.jsonl'), hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger });
  await expect(log.append(record(3), () => ({ ...record(3), errorCodes: ['AUDIT_UNAVAILABLE'] }))).resolves.toBe(true);
  expect(log.available()).toBe(true);
  await log.close();
  // Written at once, so kept as it was: `ifHeld` is only for a record that could not be.
  expect(JSON.parse(readFileSync(join(dir, 'ok.jsonl'), 'utf8')).entry.errorCodes).toEqual([]);
});
