import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { formatResidentId } from '../common/residentId';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

/*
 * One request followed across processes: the gateway forwards its X-Request-Id and a W3C
 * traceparent to every subgraph fetch, and each process logs one `request served` line
 * with both, so grepping the logs for the id finds the gateway's line and every region's.
 */

let subgraphs: ServiceProcess[] = [];
let gateway: ServiceProcess;
const SPOOL = join(tmpdir(), `yrd-audit-trace-${process.pid}-${Date.now()}.jsonl`);

beforeAll(async () => {
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name)));
  gateway = await startService('gateway', {
    SCHEMA_DIR: 'dist/schemas',
    PROBE_INTERVAL_MS: '600000',
    // Every request reaches the regions (no entity cache), so each has lines to join.
    CACHE_TTL_SECONDS: '0',
    // Without Redis the file is the trail's store of record: the test reads it.
    AUDIT_SPOOL_FILE: SPOOL,
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  });
}, 240_000);
afterAll(async () => {
  await Promise.all([gateway?.stop(), ...subgraphs.map((s) => s.stop())]);
  rmSync(SPOOL, { force: true });
});

type Line = Record<string, unknown> & { process: string };
const served = (requestId: string): Line[] =>
  [gateway, ...subgraphs].flatMap((p) => p.logs.filter((l) => l.msg === 'request served' && l.requestId === requestId).map((l) => ({ ...l, process: p.name })));

const QUERY = `{ permit(id: "${scenarioByName('hz-family-valid').permitId}") { id status recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`;

it("joins one request's log lines across the gateway and the subgraphs it called, by request id and trace id", async () => {
  const requestId = `join-${process.pid}-${Date.now()}`;
  const res = await gql(gateway.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId });
  expect(res.status).toBe(200);
  await until(async () => new Set(served(requestId).map((l) => l.process)).size > 2, 5000);
  const lines = served(requestId);
  const processes = new Set(lines.map((l) => l.process));
  expect(processes.has('gateway')).toBe(true);
  expect(processes.has('hangzhou')).toBe(true);
  expect(processes.size).toBeGreaterThan(2);
  // One trace: every line carries the same W3C trace id (32 hex digits).
  const traceIds = new Set(lines.map((l) => l.traceId));
  expect(traceIds.size).toBe(1);
  expect([...traceIds][0]).toMatch(/^[0-9a-f]{32}$/);
  // Ids only: no permit number, no query text in any of them.
  expect(JSON.stringify(lines)).not.toContain(scenarioByName('hz-family-valid').permitId);
});

it('replaces a hostile X-Request-Id with its own, and the subgraphs log that one, never the hostile value', async () => {
  const hostile = `x"}\\n{"msg":"forged ${'a'.repeat(80)}`;
  const res = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await partnerHeaders('MEDICAL_BILLING')), 'x-request-id': hostile },
    body: JSON.stringify({ query: QUERY }),
  });
  expect(res.status).toBe(200);
  const own = res.headers.get('x-request-id')!;
  expect(own).toMatch(/^[0-9a-f-]{36}$/);
  expect(await until(async () => served(own).some((l) => l.process === 'hangzhou'), 5000)).toBe(true);
  const all = [gateway, ...subgraphs].flatMap((p) => p.logs);
  expect(JSON.stringify(all)).not.toContain('forged');
});

it("logs a partner's request that says X-Yrd-Probe: 1 like any other: probe treatment is for the gateway's own probes", async () => {
  const requestId = `probe-${process.pid}-${Date.now()}`;
  const res = await gql(gateway.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId, 'x-yrd-probe': '1' });
  expect(res.status).toBe(200);
  // LOG_LEVEL info: a line at debug would not be written at all.
  expect(await until(async () => served(requestId).some((l) => l.process === 'gateway'), 5000)).toBe(true);
  expect(served(requestId).find((l) => l.process === 'gateway')).toMatchObject({ level: 30 });
});

it('refuses a resident ID or permit number in X-Officer-Id, X-Case-Id or X-Request-Id, audits the refusal without it, and no process logs it', async () => {
  const residentId = formatResidentId('310115', '1988-04-02', 417);
  const permit = scenarioByName('sh-family-valid').permitId;
  const attempts: Array<[string, string]> = [
    ['x-officer-id', residentId],
    ['x-case-id', `CASE-${permit.slice(0, 6)}-${permit.slice(6, 12)}-${permit.slice(12)}`],
    ['x-request-id', permit.toLowerCase()],
  ];
  for (const [header, value] of attempts) {
    const res = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await partnerHeaders('SCHOOLING')), 'x-case-id': 'ADM-2026-0042', 'x-officer-id': 'sz-officer-17', [header]: value },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors.map((e) => [e.extensions.code, e.extensions.header])).toEqual([['PERSONAL_NUMBER_IN_HEADER', header]]);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  }
  const refused = () =>
    readFileSync(SPOOL, 'utf8')
      .split('\n')
      .filter((l) => l.includes('PERSONAL_NUMBER_IN_HEADER'));
  expect(await until(async () => refused().length === attempts.length, 5000)).toBe(true);
  for (const line of refused()) expect(JSON.parse(line)).toMatchObject({ entry: { outcome: 'REFUSED', errorCodes: ['PERSONAL_NUMBER_IN_HEADER'] } });
  const stored = readFileSync(SPOOL, 'utf8') + JSON.stringify([gateway, ...subgraphs].flatMap((p) => p.logs));
  for (const needle of [residentId, permit, permit.slice(6, 12) + '-' + permit.slice(12)]) expect(stored.toUpperCase()).not.toContain(needle);
});
