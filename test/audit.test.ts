import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULTS } from '../common/defaults';
import type { AuditEntry } from '../gateway/audit/AuditEntry';
import { permitIdHasher } from '../gateway/audit/permitIdHasher';
import { verifyAuditChain } from '../gateway/audit/verifyAuditChain';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startSystem, type System } from './support/system';

/*
 * The audit trail end to end: one hash-chained record per permit request in a Redis
 * stream, verified by the library and by `npm run audit:verify`; a changed record is
 * named; a Redis outage loses no record.
 */

const STREAM = `yrd:audit:test:${process.pid}:${Date.now()}`;
const hashPermitId = permitIdHasher(DEFAULTS.developmentAuditHmacKey);

let redis: PrivateRedis;
let system: System;
beforeAll(async () => {
  // Persistent: a Redis restarted after a crash must still hold the records it acknowledged.
  redis = await startPrivateRedis({ persist: true });
  system = await startSystem({ REDIS_URL: redis.url, AUDIT_STREAM_KEY: STREAM, AUDIT_FLUSH_INTERVAL_MS: '200' });
});
afterAll(async () => {
  await system?.close();
  await redis?.kill();
  if (redis?.dir) rmSync(redis.dir, { recursive: true, force: true });
});

/** Runs `use` with a client of the private Redis of its own (it is killed mid-file). */
async function withRedis<T>(use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

type StreamRecord = [id: string, fields: string[]];
const readStream = () => withRedis((client) => client.xrange(STREAM, '-', '+') as Promise<StreamRecord[]>);
const entryOf = ([, fields]: StreamRecord): AuditEntry => JSON.parse(fields[fields.indexOf('entry') + 1]!) as AuditEntry;

/** Replaces the whole stream with `records`, ids kept. */
const rewriteStream = (records: StreamRecord[]) =>
  withRedis(async (client) => {
    const tx = client.multi().del(STREAM);
    for (const [id, fields] of records) tx.xadd(STREAM, id, ...fields);
    await tx.exec();
  });

const execFileAsync = promisify(execFile);
/** `npm run audit:verify` against the stream: its exit code and output. */
async function auditVerifyCli(): Promise<{ code: number; out: string }> {
  // The trail of a development gateway, under the development keys: asked for by name, as
  // the tool (like the services) is production when NODE_ENV is unset.
  const env = { PATH: process.env.PATH, NODE_ENV: 'development', REDIS_URL: redis.url, AUDIT_STREAM_KEY: STREAM };
  const script = join(__dirname, '..', 'dist', 'scripts', 'auditVerify.js');
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [script], { env, timeout: 10_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

// Medical billing in Suzhou: recognised, referred (grace period), rejected (no insurance), recognised.
const SCENARIOS = ['sh-family-valid', 'ah-grace-period', 'sz-medical-none', 'sz-family-valid'];
const DECIDE = /* GraphQL */ `
  query ($id: ID!) { permit(id: $id) { id status holder { name } recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }
`;
const FIELDS = [
  'Holder.name',
  'Query.permit',
  'Recognition.decision',
  'ResidencePermit.holder',
  'ResidencePermit.id',
  'ResidencePermit.recognition',
  'ResidencePermit.status',
];

interface Asked {
  permitId: string;
  caseId: string;
  officerId: string;
  decision: string;
}
const asked: Asked[] = [];

/** One permit request by hz-hospital for MEDICAL_BILLING, under the next case number; asserts it succeeded. */
async function ask(): Promise<void> {
  const n = asked.length + 1;
  const permitId = scenarioByName(SCENARIOS[n % SCENARIOS.length]!).permitId;
  const caseId = `CASE-${n}`;
  const officerId = `officer-${n % 3}`;
  const headers = { ...(await partnerHeaders('MEDICAL_BILLING', 'hz-hospital')), 'x-case-id': caseId, 'x-officer-id': officerId };
  const res = await gql<{ permit: { recognition: { decision: string } } }>(system.gatewayUrl, DECIDE, { id: permitId }, headers);
  expect({ status: res.status, errors: res.errors }).toEqual({ status: 200, errors: undefined });
  asked.push({ permitId, caseId, officerId, decision: res.data!.permit.recognition.decision });
}

/** The entry each request asked so far should have left, in order. */
const expectedEntries = () =>
  asked.map((a) => ({
    partnerId: 'hz-hospital',
    officerId: a.officerId,
    purpose: 'MEDICAL_BILLING',
    caseId: a.caseId,
    permitIdHashes: [hashPermitId(a.permitId)],
    fields: FIELDS,
    decisions: [{ permitIdHash: hashPermitId(a.permitId), host: 'SUZHOU', service: 'MEDICAL_BILLING', decision: a.decision }],
    failures: [],
    callerRequestId: null,
    outcome: 'OK',
    errorCodes: [],
  }));

function expectNoRawPermitNumbers(records: StreamRecord[]): void {
  const dump = JSON.stringify(records);
  expect(asked.filter((a) => dump.includes(a.permitId) || dump.includes(a.permitId.slice(0, 18)))).toEqual([]);
}

it('keeps one record per permit request: who, why, which fields and decisions, the permit only as its HMAC', async () => {
  for (let i = 0; i < 6; i++) await ask();
  const records = await readStream();
  expect(records).toHaveLength(6);
  expect(records.map(entryOf)).toEqual(
    expectedEntries().map((e) => ({ ...e, time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), requestId: expect.any(String) })),
  );
  expect(new Set(records.map(entryOf).map((e) => e.requestId)).size).toBe(6);
  expect(new Set(asked.map((a) => a.decision)).size).toBeGreaterThan(1);
  expectNoRawPermitNumbers(records);

  const verified = await withRedis((client) => verifyAuditChain({ redis: client, streamKey: STREAM, chainKey: DEFAULTS.developmentAuditChainKey }));
  expect(verified).toEqual({ ok: true, count: 6, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/), checkpoints: 0 });
  const cli = await auditVerifyCli();
  expect(cli.code).toBe(0);
  expect(cli.out).toMatch(new RegExp(`^audit chain OK: stream ${STREAM}, 6 records, head ${verified.ok ? verified.lastHash : ''}, \\d+ checkpoints\\n$`));
});

it('names the record that was changed, in the library and in the CLI (exit 1)', async () => {
  const original = await readStream();
  const target = original[2]!;
  const forged = entryOf(target);
  forged.decisions = forged.decisions.map((d) => ({ ...d, decision: d.decision === 'RECOGNISED' ? 'REJECTED' : 'RECOGNISED' }));
  const fields = [...target[1]];
  fields[fields.indexOf('entry') + 1] = JSON.stringify(forged);
  await rewriteStream(original.map((r) => (r === target ? [r[0], fields] : r)));
  try {
    expect((await readStream()).map(([id]) => id)).toEqual(original.map(([id]) => id));
    const verified = await withRedis((client) => verifyAuditChain({ redis: client, streamKey: STREAM, chainKey: DEFAULTS.developmentAuditChainKey }));
    expect(verified).toEqual({ ok: false, count: 2, firstBrokenId: target[0], reason: expect.stringMatching(/record was changed/) });
    const cli = await auditVerifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`audit chain BROKEN: stream ${STREAM}, first broken record ${target[0]}`);
  } finally {
    await rewriteStream(original);
  }
  expect((await auditVerifyCli()).code).toBe(0);
});

it('loses no record while Redis is down: requests succeed, and the spool reaches the stream in order once it is back', async () => {
  await redis.kill();
  for (let i = 0; i < 5; i++) await ask();

  await redis.start();
  const total = asked.length;
  const length = () => withRedis((client) => client.xlen(STREAM)).catch(() => -1);
  expect(await until(async () => (await length()) === total, 15_000)).toBe(true);

  const records = await readStream();
  expect(records.map(entryOf).map((e) => e.caseId)).toEqual(asked.map((a) => a.caseId));
  expect(records.map(entryOf)).toEqual(
    expectedEntries().map((e) => ({ ...e, time: expect.any(String), requestId: expect.any(String) })),
  );
  expectNoRawPermitNumbers(records);
  const verified = await withRedis((client) => verifyAuditChain({ redis: client, streamKey: STREAM, chainKey: DEFAULTS.developmentAuditChainKey }));
  expect(verified).toMatchObject({ ok: true, count: total });
  expect(await auditVerifyCli()).toMatchObject({ code: 0, out: expect.stringContaining(`${total} records`) });
});
