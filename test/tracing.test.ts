import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { traceIdOf } from '../common/traceContext';
import { subgraphUrlVariable } from '../gateway/config';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

/*
 * OpenTelemetry tracing over real processes, into a tiny OTLP/HTTP receiver in this test:
 * with OTEL_EXPORTER_OTLP_ENDPOINT set, one partner request gives a gateway server span,
 * a client span per subgraph fetch and the subgraphs' server spans, all in one trace
 * whose id is the one of the request's log lines; a gateway without the variable sends
 * nothing, yet its fetches still carry the request's trace id.
 */

/** One span as OTLP/JSON spells it (ids in hex), with the `service.name` of its process. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  links?: Array<{ traceId: string; spanId: string }>;
}
interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: ReceivedSpan['attributes'] };
    scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service'>> }>;
  }>;
}
const SERVER = 2;
const CLIENT = 3;

const received: ReceivedSpan[] = [];
const bodies: string[] = [];
let receiver: Server;
let subgraphs: ServiceProcess[] = [];
let traced: ServiceProcess;
let untraced: ServiceProcess;

beforeAll(async () => {
  const app = express();
  app.post('/v1/traces', express.text({ type: '*/*', limit: '5mb' }), (req, res) => {
    bodies.push(req.body as string);
    for (const rs of (JSON.parse(req.body as string) as ExportRequest).resourceSpans ?? []) {
      const service = String(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue);
      for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) received.push({ ...span, service });
    }
    res.json({});
  });
  receiver = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    // Batches leave after 100 ms instead of 5 s, so the test waits little.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name, tracing)));
  const gatewayEnv = {
    SCHEMA_DIR: 'dist/schemas',
    PROBE_INTERVAL_MS: '600000',
    // Every request reaches the regions (no entity cache), so each has spans in them.
    CACHE_TTL_SECONDS: '0',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  };
  // The untraced gateway has the SDK's per-signal variable, which the exporter would follow
  // if anything started one: only OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on.
  const bait = { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${tracing.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, OTEL_BSP_SCHEDULE_DELAY: '100' };
  const gateways = await startAll([startService('gateway', { ...gatewayEnv, ...tracing }), startService('gateway', { ...gatewayEnv, ...bait })]);
  traced = gateways[0]!;
  untraced = gateways[1]!;
}, 240_000);

afterAll(async () => {
  await Promise.all([traced?.stop(), untraced?.stop(), ...subgraphs.map((s) => s.stop())]);
  await new Promise((resolve) => receiver?.close(resolve));
});

const PERMIT = scenarioByName('hz-family-valid').permitId;
const QUERY = `{ permit(id: "${PERMIT}") { id status recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`;
const inTrace = (traceId: string) => received.filter((s) => s.traceId === traceId);
const attribute = (span: ReceivedSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;

/**
 * The trace id `gateway` logged for the request `requestId`: the gateway's own (derived
 * from its audit id), which nothing the partner sends chooses.
 */
async function loggedTraceId(gateway: ServiceProcess, requestId: string): Promise<string> {
  const line = () => gateway.logs.find((l) => l.msg === 'request served' && l.requestId === requestId);
  expect(await until(async () => line() !== undefined, 5000)).toBe(true);
  return String(line()!.traceId);
}

it('gives one partner request spans from the gateway and from the subgraphs it called, in one trace with the id of its log lines', async () => {
  const requestId = `otel-${process.pid}-${Date.now()}`;
  const res = await gql(traced.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId });
  expect(res.status).toBe(200);
  const traceId = await loggedTraceId(traced, requestId);
  // Not derived from anything the partner sent.
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(traceId).not.toBe(traceIdOf(requestId));

  const hangzhouFetch = () => inTrace(traceId).find((s) => s.service === 'gateway' && s.kind === CLIENT && attribute(s, 'yrd.subgraph')?.stringValue === 'hangzhou');
  const hangzhouServer = () => inTrace(traceId).find((s) => s.service === 'hangzhou' && s.kind === SERVER);
  // Each process exports on its own schedule: wait for the hub's span too (the decision's fetch).
  const served = (service: string) => inTrace(traceId).some((s) => s.service === service && s.kind === SERVER);
  expect(await until(async () => Boolean(hangzhouFetch() && hangzhouServer() && served('gateway') && served('interop')), 15_000)).toBe(true);

  const spans = inTrace(traceId);
  // The gateway's server span is the root; its fetches are its children; each subgraph's
  // server span is the child of the fetch that called it.
  const root = spans.find((s) => s.service === 'gateway' && s.kind === SERVER)!;
  expect(root.parentSpanId ?? '').toBe('');
  expect(root.name).toBe('POST /graphql');
  expect(hangzhouFetch()!.parentSpanId).toBe(root.spanId);
  expect(hangzhouServer()!.parentSpanId).toBe(hangzhouFetch()!.spanId);
  expect(attribute(hangzhouFetch()!, 'http.response.status_code')?.intValue).toBe(200);
  expect(new Set(spans.map((s) => s.service)).size).toBeGreaterThan(2);
  // Routes, statuses and codes only: no permit number, query or credential in any span.
  const sent = JSON.stringify(spans);
  expect(sent).not.toContain(PERMIT);
  expect(sent).not.toContain('recognition');
  expect(sent.toLowerCase()).not.toContain('bearer');
});

it("starts its own trace for a partner's traceparent, keeping theirs as a link, sampled whatever their flags say; ignores a malformed one", async () => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const linkedId = `otel-link-${process.pid}-${Date.now()}`;
  // Flags 00: the partner asks for no sampling; it must not turn our tracing off.
  const linked = await gql(traced.graphqlUrl, QUERY, undefined, { 'x-request-id': linkedId, traceparent: `00-${callerTrace}-${callerSpan}-00` });
  expect(linked.status).toBe(200);
  const ours = await loggedTraceId(traced, linkedId);
  const gatewaySpan = () => inTrace(ours).find((s) => s.service === 'gateway' && s.kind === SERVER);
  expect(await until(async () => inTrace(ours).some((s) => s.service === 'hangzhou') && gatewaySpan() !== undefined, 15_000)).toBe(true);
  expect(gatewaySpan()!.parentSpanId ?? '').toBe('');
  expect(gatewaySpan()!.links).toEqual([expect.objectContaining({ traceId: callerTrace, spanId: callerSpan })]);
  expect(inTrace(callerTrace)).toEqual([]);

  const requestId = `otel-bad-${process.pid}-${Date.now()}`;
  const hostile = `00-${'f'.repeat(32)}-${'0'.repeat(16)}-01"}`;
  expect((await gql(traced.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId, traceparent: hostile })).status).toBe(200);
  // A fresh trace of the gateway's own: the hostile header is nowhere.
  const fresh = await loggedTraceId(traced, requestId);
  expect(await until(async () => inTrace(fresh).some((s) => s.service === 'hangzhou'), 15_000)).toBe(true);
  expect(received.some((s) => s.traceId === 'f'.repeat(32))).toBe(false);
});

it("traces a partner's request that says X-Yrd-Probe: 1: only the gateway's own probes to the subgraphs go untraced", async () => {
  const requestId = `otel-probe-${process.pid}-${Date.now()}`;
  expect((await gql(traced.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId, 'x-yrd-probe': '1' })).status).toBe(200);
  const traceId = await loggedTraceId(traced, requestId);
  expect(await until(async () => inTrace(traceId).some((s) => s.service === 'gateway' && s.kind === SERVER), 15_000)).toBe(true);
});

it('sends nothing from a gateway without OTEL_EXPORTER_OTLP_ENDPOINT, whose fetches still carry the trace id of its logs', async () => {
  const requestId = `otel-off-${process.pid}-${Date.now()}`;
  expect((await gql(untraced.graphqlUrl, QUERY, undefined, { 'x-request-id': requestId })).status).toBe(200);
  // The (traced) subgraphs report the request under the trace id the gateway logged.
  const traceId = await loggedTraceId(untraced, requestId);
  expect(await until(async () => inTrace(traceId).some((s) => s.service === 'hangzhou'), 15_000)).toBe(true);
  // Give a stray gateway batch time to arrive (the schedule is 100 ms), then: none came.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(inTrace(traceId).filter((s) => s.service === 'gateway')).toEqual([]);
  expect(bodies.length).toBeGreaterThan(0);
});
