import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gatewayHeaders } from './support/gatewayCredential';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * One partner cannot overload a region: a request is charged by the permits and decisions
 * it names, aliases included; one request names at most 500; a region flooded past its
 * bulkhead refuses the excess at once while the other regions answer; and a region that
 * answers, but slowly, is shed by its breaker like one that fails.
 */

const SMALL_ALLOWANCE = 10;
const registryFile = join(tmpdir(), `yrd-partners-limits-${process.pid}.json`);

let system: System;
beforeAll(async () => {
  // The development registry, with one partner on a small allowance of its own.
  const registry = JSON.parse(readFileSync(join(__dirname, '..', 'gateway', 'auth', 'dev-partners.json'), 'utf8')) as {
    partners: Array<{ id: string; rateLimitPoints?: number }>;
  };
  registry.partners.find((p) => p.id === 'sz-school')!.rateLimitPoints = SMALL_ALLOWANCE;
  writeFileSync(registryFile, JSON.stringify(registry));
  sendHeaders(await partnerHeaders('SCHOOLING'));
  system = await startSystem({
    PARTNER_REGISTRY_FILE: registryFile,
    CACHE_TTL_SECONDS: '0',
    SHANGHAI_BULKHEAD_MAX_CONCURRENT: '2',
    // Hangzhou: a call of 500 ms or more is slow; 3 calls, half of them slow, open the breaker.
    HANGZHOU_BREAKER_SLOW_CALL_DURATION_MS: '500',
    HANGZHOU_BREAKER_SLOW_CALL_RATE_THRESHOLD_PERCENT: '50',
    HANGZHOU_BREAKER_VOLUME_THRESHOLD: '3',
    HANGZHOU_BREAKER_RESET_TIMEOUT_MS: '60000',
  });
});
afterAll(async () => {
  await system?.close();
  rmSync(registryFile, { force: true });
});

const SH = scenarioByName('sh-family-valid').permitId;
const HZ = scenarioByName('hz-family-valid').permitId;
const SZ = scenarioByName('sz-family-valid').permitId;
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id permit { id status } } }`;
const PERMIT = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status } }`;

it('refuses 20 aliases of a 500-id batch as REQUEST_TOO_LARGE (10,000 lookups), before any region is called', async () => {
  const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: permits(ids: $ids) { id permit { id } }`).join('\n');
  system.resetFetches();
  const res = await gql(system.gatewayUrl, `query ($ids: [ID!]!) { ${aliases} }`, { ids: Array.from({ length: 500 }, () => SH) });
  expect(res.status).toBe(400);
  expect(codes(res)).toEqual(['REQUEST_TOO_LARGE']);
  expect(res.errors![0]!.extensions).toMatchObject({ max: 500, got: 10_000 });
  expect(res.data).toBeUndefined();
  expect(system.fetches).toEqual({});
});

it("charges a batch one unit per permit against the partner's own allowance from the registry", async () => {
  const headers = await partnerHeaders('SCHOOLING', 'sz-school');
  const six = Array.from({ length: 6 }, () => SZ);
  const first = await gql(system.gatewayUrl, BATCH, { ids: six }, headers);
  expect(first.status).toBe(200);
  expect(first.errors).toBeUndefined();
  // 6 of 10 units spent: the next 6 are over the allowance though it is the second request.
  const second = await gql(system.gatewayUrl, BATCH, { ids: six }, headers);
  expect(second.status).toBe(429);
  expect(codes(second)).toEqual(['RATE_LIMITED']);
  // Another partner has its own, larger allowance.
  const other = await gql(system.gatewayUrl, BATCH, { ids: six });
  expect(other.status).toBe(200);
});

/** Sets (POST) or clears (DELETE) the faults of a subgraph process, with the gateway's credential. */
async function faults(subgraph: string, method: 'POST' | 'DELETE', body?: object): Promise<Response> {
  return fetch(`${system.subgraphs[subgraph]!.baseUrl}/__faults`, {
    method,
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(subgraph)) },
    body: body && JSON.stringify(body),
  });
}

it('answers REGION_BUSY at once for fetches to a flooded region beyond its bulkhead, while another region answers normally', async () => {
  const latencyMs = 1500;
  expect((await faults('shanghai', 'POST', { latencyMs })).status).toBe(200);
  try {
    const timed = async (id: string) => {
      const started = performance.now();
      const res = await gql(system.gatewayUrl, PERMIT, { id });
      return { res, ms: performance.now() - started };
    };
    const flood = Array.from({ length: 8 }, () => timed(SH));
    // Let the flood take Shanghai's two slots before the Suzhou lookup starts.
    await new Promise((r) => setTimeout(r, 200));
    const suzhou = await timed(SZ);
    const answers = await Promise.all(flood);

    expect(suzhou.res.errors).toBeUndefined();
    expect(suzhou.ms).toBeLessThan(latencyMs);
    const busy = answers.filter((a) => codes(a.res).includes('REGION_BUSY'));
    const served = answers.filter((a) => a.res.errors === undefined);
    expect(served).toHaveLength(2);
    expect(busy).toHaveLength(6);
    for (const b of busy) {
      expect(b.ms).toBeLessThan(latencyMs);
      expect(b.res.status).toBe(200);
      expect(b.res.errors![0]!.extensions).toMatchObject({ code: 'REGION_BUSY', region: 'SHANGHAI', permitId: SH });
    }
    const metrics = await (await fetch(`${system.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/^yrd_subgraph_bulkhead_refused\{subgraph="shanghai"\} 6$/m);
    expect(metrics).toMatch(/^yrd_subgraph_bulkhead_refused\{subgraph="suzhou"\} 0$/m);
  } finally {
    await faults('shanghai', 'DELETE');
  }
});

it('opens the breaker of a region slower than its slow-call duration, and says why in /health/regions and /metrics', async () => {
  expect((await faults('hangzhou', 'POST', { latencyMs: 800 })).status).toBe(200);
  try {
    // Each lookup answers, late; after 3 such calls (probes count too) the breaker opens.
    for (let i = 0; i < 3; i++) {
      const res = await gql(system.gatewayUrl, PERMIT, { id: HZ });
      if (i === 0) expect(res.errors).toBeUndefined();
    }
    const health = (await (await fetch(`${system.gatewayBase}/health/regions`)).json()) as { regions: Array<Record<string, unknown>> };
    const hangzhou = health.regions.find((r) => r.subgraph === 'hangzhou')!;
    expect(hangzhou).toMatchObject({ breaker: 'open', openReason: 'SLOW_CALL_RATE', slowCalls: { thresholdMs: 500, rateThresholdPercent: 50 } });
    expect(health.regions.filter((r) => r.subgraph !== 'hangzhou').map((r) => r.openReason)).toEqual([null, null, null, null]);

    // Shed: the next lookup is refused at once, without waiting for Hangzhou.
    system.resetFetches();
    const started = performance.now();
    const shed = await gql(system.gatewayUrl, PERMIT, { id: HZ });
    expect(performance.now() - started).toBeLessThan(800);
    expect(codes(shed)).toEqual(['REGION_UNAVAILABLE']);
    expect(system.fetches.hangzhou ?? 0).toBe(0);

    const metrics = await (await fetch(`${system.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/^yrd_breaker_opened_total\{subgraph="hangzhou",reason="SLOW_CALL_RATE"\} 1$/m);
    expect(metrics).toMatch(/^yrd_breaker_state\{subgraph="hangzhou"\} 2$/m);
  } finally {
    await faults('hangzhou', 'DELETE');
  }
});
