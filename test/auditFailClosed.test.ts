import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULTS, SUBGRAPH_NAMES } from '../common/defaults';
import type { AuditEntry } from '../gateway/audit/AuditEntry';
import { permitIdHasher } from '../gateway/audit/permitIdHasher';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders, type GqlResponse } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

/*
 * The audit fails closed, over real processes: a gateway process whose audit file can
 * never be written and whose Redis (a private redis-server, never the shared one) is
 * killed refuses every operation naming a permit with AUDIT_UNAVAILABLE (503) — the
 * first one too, though it was answered before the outage was known — while an
 * operation naming none is still served. Every request leaves exactly one record
 * somewhere an auditor can find it: the stream, or, for what is still held in memory at
 * SIGTERM, an error line in the process log, with permit numbers hashed.
 */

const PERMIT = scenarioByName('sh-family-valid').permitId;
const LOOKUP = `query ($id: ID!) { permit(id: $id) { id status holder { name } } }`;
const NO_PERMIT = `{ regions { region } }`;
const PREFIX = `test-failclosed-${randomUUID()}:`;
const STREAM = `${PREFIX}${DEFAULTS.auditStreamKeyName}`;
const hashPermitId = permitIdHasher(DEFAULTS.developmentAuditHmacKey);

let dir: string;
let redis: PrivateRedis;
let subgraphs: ServiceProcess[] = [];
let gateway: ServiceProcess | undefined;
/** Every request the test sent, by its X-Request-Id. */
const sent: string[] = [];

beforeAll(async () => {
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  dir = mkdtempSync(join(tmpdir(), 'audit-fail-closed-'));
  // Unwritable even for root (tests run as root, and root ignores chmod): the spool's
  // parent is a regular file, so every mkdir or open under it fails with ENOTDIR,
  // whatever the caller's privileges.
  const notADirectory = join(dir, 'not-a-directory');
  writeFileSync(notADirectory, '');
  // Persisted: the stream written before the kill is still there after the restart.
  redis = await startPrivateRedis({ persist: true });
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name)));
  gateway = await startService('gateway', {
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: PREFIX,
    AUDIT_SPOOL_FILE: join(notADirectory, 'spool.jsonl'),
    AUDIT_FLUSH_INTERVAL_MS: '200',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  });
});
afterAll(async () => {
  await gateway?.stop(5000);
  await Promise.all(subgraphs.map((s) => s.stop()));
  await redis?.kill();
  rmSync(dir, { recursive: true, force: true });
  if (redis?.dir) rmSync(redis.dir, { recursive: true, force: true });
});

async function ask(query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
  const id = `fc-${randomUUID()}`;
  sent.push(id);
  return gql(`${gateway!.baseUrl}/graphql`, query, variables, { 'x-request-id': id });
}

const redisState = async () => ((await (await fetch(`${gateway!.baseUrl}/readyz`)).json()) as { redis: string }).redis;

async function streamEntries(): Promise<AuditEntry[]> {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    return (await client.xrange(STREAM, '-', '+')).map(([, fields]) => JSON.parse(fields[fields.indexOf('entry') + 1]!) as AuditEntry);
  } finally {
    client.disconnect();
  }
}

it('refuses personal data while nothing can take a record, serves the rest, and keeps every record through SIGTERM', async () => {
  // Redis up: the stream takes the records, the unwritable file is never needed.
  expect((await ask(LOOKUP, { id: PERMIT })).status).toBe(200);
  expect((await ask(NO_PERMIT)).status).toBe(200);

  await redis.kill();
  expect(await until(async () => (await redisState()) !== 'ok', 15_000)).toBe(true);
  // The first lookup finds both stores gone only when its record is written: its data is withheld.
  for (let i = 0; i < 2; i++) {
    const refused = await ask(LOOKUP, { id: PERMIT });
    expect(refused.status).toBe(503);
    expect(refused.data ?? null).toBeNull();
    expect(codes(refused)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(JSON.stringify(refused)).not.toContain(PERMIT);
  }
  // Naming no permit, it releases no personal data: served, its record held.
  const served = await ask(NO_PERMIT);
  expect(served.status).toBe(200);
  expect(served.errors).toBeUndefined();

  // Redis back: the held records reach the stream, and lookups are served again.
  await redis.start();
  const open = await until(async () => (await ask(LOOKUP, { id: PERMIT })).status === 200, 20_000, 300);
  expect(open).toBe(true);

  // Down again, and the process stopped before Redis returns: what it holds goes to its log.
  await redis.kill();
  expect(await until(async () => (await redisState()) !== 'ok', 15_000)).toBe(true);
  expect((await ask(LOOKUP, { id: PERMIT })).status).toBe(503);
  expect((await ask(NO_PERMIT)).status).toBe(200);
  const stdoutClosed = new Promise((resolve) => gateway!.child.stdout!.once('close', resolve));
  await gateway!.stop(20_000);
  await stdoutClosed;
  expect(gateway!.child.exitCode).toBe(0);

  await redis.start();
  const inStream = await streamEntries();
  const logLines = gateway!.logs.filter((l) => l.auditEntry);
  const inLog = logLines.map((l) => l.auditEntry as AuditEntry);
  // Nothing dropped, nothing twice: every request is in exactly one place.
  const found = [...inStream, ...inLog].map((e) => e.callerRequestId).sort();
  expect(found).toEqual([...sent].sort());
  expect(inLog.length).toBeGreaterThanOrEqual(2);
  expect(logLines.every((l) => l.level === 50)).toBe(true);
  // The log keeps what the trail would: permit numbers hashed, never in clear.
  for (const e of inLog.filter((x) => x.permitIdHashes.length > 0)) expect(e.permitIdHashes).toEqual([hashPermitId(PERMIT)]);
  expect(JSON.stringify(gateway!.logs)).not.toContain(PERMIT);
  // The withheld lookups are recorded as refused, not as data released.
  const lookups = [...inStream, ...inLog].filter((e) => e.permitIdHashes.length > 0);
  for (const e of lookups.filter((x) => x.errorCodes.includes('AUDIT_UNAVAILABLE'))) expect(e.fields).toEqual([]);
  expect(lookups.filter((e) => e.errorCodes.includes('AUDIT_UNAVAILABLE')).length).toBeGreaterThanOrEqual(3);
});
