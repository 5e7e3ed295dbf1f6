import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gatewayHeaders } from './support/gatewayCredential';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * A hostile partner against the gateway's limits: a request is charged by the permits and
 * decisions it names, aliases included; one request names at most 500; and a region
 * flooded past its bulkhead refuses the excess at once while the other regions answer.
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
  system = await startSystem({ PARTNER_REGISTRY_FILE: registryFile, CACHE_TTL_SECONDS: '0', SHANGHAI_BULKHEAD_MAX_CONCURRENT: '2' });
});
afterAll(async () => {
  await system?.close();
  rmSync(registryFile, { force: true });
});

const SH = scenarioByName('sh-family-valid').permitId;
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

it('answers REGION_BUSY at once for fetches to a flooded region beyond its bulkhead, while another region answers normally', async () => {
  const shanghai = system.subgraphs.shanghai!;
  const latencyMs = 1500;
  const headers = await gatewayHeaders('shanghai');
  const set = await fetch(`${shanghai.baseUrl}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ latencyMs }),
  });
  expect(set.status).toBe(200);
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
    await fetch(`${shanghai.baseUrl}/__faults`, { method: 'DELETE', headers });
  }
});
