import { REGIONS } from '../common/regions';
import { loadScenarios } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startService } from './support/processes';
import { startSystem, type System } from './support/system';

/* A killed city process: its breaker opens, its requests fail fast, and it recovers. */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

const familyIds = REGIONS.map((region) => loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id permit { id issuer status } } }`;
type Batch = { permits: Array<{ id: string; permit: { issuer: string } | null }> };

let system: System;
beforeAll(async () => {
  system = await startSystem({
    BREAKER_VOLUME_THRESHOLD: '3',
    BREAKER_ERROR_THRESHOLD_PERCENT: '50',
    BREAKER_RESET_TIMEOUT_MS: '1500',
    PROBE_INTERVAL_MS: '200',
    CACHE_TTL_SECONDS: '0',
  });
});
afterAll(() => system?.close());

const regionState = async (subgraph: string) => {
  const res = await fetch(`${system.gatewayBase}/health/regions`);
  const body = (await res.json()) as { regions: Array<{ subgraph: string; breaker: string; lastErrorCode: string | null; window: { requests: number } }> };
  return body.regions.find((r) => r.subgraph === subgraph)!;
};

it('opens the breaker of a killed city, then fails its requests without calling it while the others answer', async () => {
  const healthy = await gql<Batch>(system.gatewayUrl, BATCH, { ids: familyIds });
  expect(healthy.errors).toBeUndefined();

  const hangzhou = system.subgraphs.hangzhou!;
  const port = new URL(hangzhou.baseUrl).port;
  await hangzhou.kill();
  // Live traffic and probes both feed the breaker; it opens after the volume threshold.
  const opened = await until(async () => {
    await gql(system.gatewayUrl, BATCH, { ids: familyIds });
    return (await regionState('hangzhou')).breaker === 'open';
  });
  expect(opened).toBe(true);

  system.resetFetches();
  const res = await gql<Batch>(system.gatewayUrl, BATCH, { ids: familyIds });
  expect(res.data!.permits.map((p) => p.permit?.issuer ?? null)).toEqual(['SHANGHAI', 'SUZHOU', null, 'ANHUI']);
  expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
  expect(res.errors![0]!.extensions).toMatchObject({ region: 'HANGZHOU', permitId: familyIds[2], retryAfterMs: expect.any(Number) });
  expect(system.fetches.hangzhou ?? 0).toBe(0);
  expect((await regionState('hangzhou')).lastErrorCode).toBe('REGION_UNAVAILABLE');

  // The same process comes back on the same port: half-open, a trial succeeds, closed.
  system.subgraphs.hangzhou = await startService('hangzhou', { PORT: port });
  expect(await until(async () => (await regionState('hangzhou')).breaker === 'closed', 15_000)).toBe(true);
  const recovered = await gql<Batch>(system.gatewayUrl, BATCH, { ids: familyIds });
  expect(recovered.errors).toBeUndefined();
  expect(recovered.data!.permits.map((p) => p.permit?.issuer)).toEqual(['SHANGHAI', 'SUZHOU', 'HANGZHOU', 'ANHUI']);
});

it('reports every region with state, window figures and last outcome', async () => {
  const res = await fetch(`${system.gatewayBase}/health/regions`);
  const body = (await res.json()) as { regions: Array<Record<string, unknown>> };
  expect(body.regions.map((r) => r.subgraph)).toEqual(['interop', 'shanghai', 'suzhou', 'hangzhou', 'anhui']);
  for (const r of body.regions) {
    expect(r).toMatchObject({
      breaker: expect.stringMatching(/^(closed|open|halfOpen)$/),
      window: expect.objectContaining({ requests: expect.any(Number), p50Ms: expect.any(Number), p95Ms: expect.any(Number) }),
      lastSuccessAt: expect.any(String),
    });
  }
  const ready = await fetch(`${system.gatewayBase}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready', redis: 'not configured', regions: { hangzhou: 'closed' } });
});

it('exposes Prometheus metrics: breaker state and window figures per subgraph, responses and error codes', async () => {
  const res = await fetch(`${system.gatewayBase}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  for (const subgraph of ['interop', 'shanghai', 'suzhou', 'hangzhou', 'anhui']) {
    expect(text).toMatch(new RegExp(`^yrd_breaker_state\\{subgraph="${subgraph}"\\} 0$`, 'm'));
    expect(text).toMatch(new RegExp(`^yrd_subgraph_window_success_ratio\\{subgraph="${subgraph}"\\} [\\d.]+$`, 'm'));
  }
  expect(text).toMatch(/^yrd_gateway_http_responses_total\{route="\/graphql",status="200"\} [1-9]\d*$/m);
  expect(text).toMatch(/^yrd_gateway_errors_total\{code="REGION_UNAVAILABLE"\} [1-9]\d*$/m);
});
