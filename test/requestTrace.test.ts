import { SUBGRAPH_NAMES } from '../common/defaults';
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

beforeAll(async () => {
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name)));
  gateway = await startService('gateway', {
    SCHEMA_DIR: 'dist/schemas',
    PROBE_INTERVAL_MS: '600000',
    // Every request reaches the regions (no entity cache), so each has lines to join.
    CACHE_TTL_SECONDS: '0',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  });
}, 240_000);
afterAll(async () => {
  await Promise.all([gateway?.stop(), ...subgraphs.map((s) => s.stop())]);
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
