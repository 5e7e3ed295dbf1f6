import { REGIONS, type Region } from '../common/regions';
import type { Service } from '../common/services';
import { registryIds } from '../mocks/generate';
import { gatewayHeaders } from '../test/support/gatewayCredential';
import { until } from '../test/support/poll';
import type { ServiceProcess } from '../scripts/serviceProcess';
import type { BenchOptions } from './benchOptions';
import type { BenchSystem, GatewayKind } from './benchSystem';

/** Real permit numbers of each region's mock registry (the registries the subgraphs serve). */
export type PermitPool = Readonly<Record<Region, readonly string[]>>;

/** Builds the pool from the same deterministic registries the city subgraphs generate. */
export function permitPool(): PermitPool {
  // The first records are the named scenario permits; the rest are ordinary ones.
  return Object.fromEntries(REGIONS.map((r) => [r, registryIds(r).slice(40)])) as Record<Region, string[]>;
}

/** What a scenario's hooks may reach. */
export interface ScenarioContext {
  system: BenchSystem;
  /** The gateway serving the scenario. */
  gateway: ServiceProcess;
  /** The scenario's request headers (token, purpose). */
  headers: Record<string, string>;
  options: BenchOptions;
  /** The scenario's request bodies. */
  bodies: readonly string[];
}

/** One load scenario of bench/README.md. */
export interface Scenario {
  /** kebab-case; `--only` takes it. */
  name: string;
  /** What the figure answers, one sentence (README and JSON). */
  measures: string;
  gateway: GatewayKind;
  purpose: Service;
  /** Request bodies, sent in rotation. */
  bodies(pool: PermitPool): string[];
  /** True when a response body is what this scenario should get. */
  expectBody(body: string): boolean;
  /** Puts the system into the state measured (faults, an open breaker), before the warm-up. */
  prepare?(ctx: ScenarioContext): Promise<void>;
  /** Undoes `prepare`, and waits until the gateway sees the region healthy again. */
  restore?(ctx: ScenarioContext): Promise<void>;
  /** The subgraph whose `/health/regions` entry is kept with the result. */
  observe?: string;
}

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Neither a top-level error nor an item error. */
const clean = (b: string) => !b.includes('"errors"') && !b.includes('"error":{');
const count = (b: string, needle: string) => b.split(needle).length - 1;

// Each scenario has an operation name of its own: the gateway names its subgraph
// fetches after it, and the entity cache keys on the fetch's text, so no scenario is
// served from entries another one cached.
const LOOKUP = (operation: string) => /* GraphQL */ `
  query ${operation}($id: ID!) {
    permit(id: $id) { __typename id issuer status validFrom validUntil holder { name idNumber } }
  }`;

const BATCH = (operation: string) => /* GraphQL */ `
  query ${operation}($ids: [ID!]!) {
    permits(ids: $ids) { id error { code } permit { __typename id issuer status validUntil } }
  }`;

const DECIDE = /* GraphQL */ `
  query BenchDecide($id: ID!, $host: Region!, $service: Service!) {
    permit(id: $id) {
      id
      recognition(host: $host, service: $service) {
        decision policyVersion decidedAt
        reasons { code observed required }
        verification { signatureValid issuerTrusted }
      }
    }
  }`;

const RECOGNISE = /* GraphQL */ `
  query BenchRecognise($requests: [RecognitionRequest!]!) {
    recognise(requests: $requests) {
      permitId host service error { code }
      permit { id requestedRecognition { decision reasons { code } } }
    }
  }`;

/** `n` ids spread evenly over the four regions, interleaved. */
export function mixed(pool: PermitPool, n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => pool[REGIONS[i % REGIONS.length]!][offset + Math.floor(i / REGIONS.length)]!);
}

export const HOT_SET = 20;

export async function setFaults(service: ServiceProcess, method: 'POST' | 'DELETE', faults?: object): Promise<void> {
  const res = await fetch(`${service.baseUrl}/__faults`, {
    method,
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(service.name)) },
    body: faults && JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`${method} ${service.name}/__faults answered ${res.status}: ${await res.text()}`);
}

/** The gateway's `/health/regions` entry of one subgraph. */
export async function regionHealth(gateway: ServiceProcess, subgraph: string): Promise<Record<string, unknown> & { breaker: string }> {
  const res = await fetch(`${gateway.baseUrl}/health/regions`);
  const { regions } = (await res.json()) as { regions: Array<{ subgraph: string; breaker: string }> };
  const found = regions.find((r) => r.subgraph === subgraph);
  if (!found) throw new Error(`/health/regions has no ${subgraph}`);
  return found;
}

async function post(ctx: ScenarioContext, payload: string): Promise<void> {
  const res = await fetch(ctx.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ctx.headers },
    body: payload,
  });
  await res.arrayBuffer();
}

/** Waits until the gateway reports `subgraph`'s breaker in `state`, sending `nudge` meanwhile. */
async function waitForBreaker(ctx: ScenarioContext, subgraph: string, state: 'open' | 'closed', nudge?: () => Promise<void>) {
  const reached = await until(
    async () => {
      await nudge?.();
      return (await regionHealth(ctx.gateway, subgraph)).breaker === state;
    },
    30_000,
    200,
  );
  if (!reached) throw new Error(`the gateway's ${subgraph} breaker did not become ${state} within 30 s`);
}

/** Fault a city, later clear it and wait until the gateway's breaker of it is closed again. */
const faultyCity = (subgraph: string, faults: object, openBreaker: boolean) => ({
  async prepare(ctx: ScenarioContext) {
    await setFaults(ctx.system.subgraph(subgraph), 'POST', faults);
    if (openBreaker) {
      // Requests (and the gateway's probes) fail against the region until the breaker opens.
      await waitForBreaker(ctx, subgraph, 'open', async () => {
        await Promise.all(ctx.bodies.slice(0, 5).map((b) => post(ctx, b)));
      });
    }
  },
  async restore(ctx: ScenarioContext) {
    await setFaults(ctx.system.subgraph(subgraph), 'DELETE');
    // An open breaker lets a probe through after its reset timeout; the probe closes it.
    await waitForBreaker(ctx, subgraph, 'closed');
  },
  observe: subgraph,
});

/** The scenarios, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'lookup-cached',
    measures: 'permit(id:) of one region (Shanghai), a hot set of 20 ids whose city entities the gateway cache holds: auth, planning, the interop routing fetch, a cache read, audit.',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => pool.SHANGHAI.slice(0, HOT_SET).map((id) => body(LOOKUP('BenchLookupCached'), { id })),
    expectBody: (b) => clean(b) && b.includes('"permit":{"__typename":"ShanghaiPermit"'),
  },
  {
    name: 'lookup-uncached',
    measures: 'permit(id:) of one region (Shanghai) on a gateway with CACHE_TTL_SECONDS=0, rotating over the 4960 ordinary ids of the registry: every request fetches from interop and the city.',
    gateway: 'uncached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => pool.SHANGHAI.map((id) => body(LOOKUP('BenchLookupUncached'), { id })),
    expectBody: (b) => clean(b) && b.includes('"permit":{"__typename":"ShanghaiPermit"'),
  },
  {
    name: 'batch-100',
    measures: 'permits(ids:) of 100 ids, 25 from each of the four regions (cached gateway; the same 100 each time, so city entities come from the cache after the warm-up).',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => [body(BATCH('BenchBatch'), { ids: mixed(pool, 100, 100) })],
    expectBody: (b) => clean(b) && count(b, '"issuer":"') === 100,
  },
  {
    name: 'recognition',
    measures: 'recognition(host: SUZHOU, service: MEDICAL_BILLING) on one Shanghai permit of a hot set of 20: the city record (cached) under @requires, then the interop decision (never cached).',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => pool.SHANGHAI.slice(200, 200 + HOT_SET).map((id) => body(DECIDE, { id, host: 'SUZHOU', service: 'MEDICAL_BILLING' })),
    expectBody: (b) => clean(b) && b.includes('"decision":"'),
  },
  {
    name: 'recognise-100',
    measures: 'recognise(requests:) of 100 MEDICAL_BILLING requests, 25 permits from each region, hosts rotating over the four regions (cached gateway).',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => [
      body(RECOGNISE, {
        requests: mixed(pool, 100, 300).map((permitId, i) => ({ permitId, host: REGIONS[(i + 1) % REGIONS.length], service: 'MEDICAL_BILLING' })),
      }),
    ],
    expectBody: (b) => clean(b) && count(b, '"decision":"') === 100,
  },
  {
    name: 'region-down',
    measures: 'permit(id:) of Hangzhou permits while Hangzhou answers 503 (POST /__faults {down:true}) and the gateway breaker of it is open: how fast a partner gets REGION_UNAVAILABLE.',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => pool.HANGZHOU.slice(0, 500).map((id) => body(LOOKUP('BenchLookupRegionDown'), { id })),
    expectBody: (b) => b.includes('"REGION_UNAVAILABLE"') && b.includes('"permit":null'),
    ...faultyCity('hangzhou', { down: true }, true),
  },
  {
    name: 'region-hung',
    measures: 'permits(ids:) of one permit from each region while Suzhou accepts requests and never answers (POST /__faults {hang:true}); its breaker kept closed (SUZHOU_BREAKER_VOLUME_THRESHOLD=10000): the answer, three permits and Suzhou’s REGION_TIMEOUT, should come at SUZHOU_TIMEOUT_MS.',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => [body(BATCH('BenchBatchHung'), { ids: mixed(pool, 4, 600) })],
    expectBody: (b) =>
      b.includes('"REGION_TIMEOUT"') && ['SHANGHAI', 'HANGZHOU', 'ANHUI'].every((r) => b.includes(`"issuer":"${r}"`)),
    ...faultyCity('suzhou', { hang: true }, false),
  },
  {
    name: 'region-hung-breaker',
    measures: 'The same while Anhui hangs, with the production defaults (3000 ms timeout, breaker opening at 50 % of 5+ requests in 10 s, 5 s reset), measured once the breaker has opened: requests fail fast; the tail is the trial request let through after each reset.',
    gateway: 'cached',
    purpose: 'MEDICAL_BILLING',
    bodies: (pool) => [body(BATCH('BenchBatchHungBreaker'), { ids: mixed(pool, 4, 700) })],
    expectBody: (b) =>
      /"REGION_(TIMEOUT|UNAVAILABLE)"/.test(b) && ['SHANGHAI', 'SUZHOU', 'HANGZHOU'].every((r) => b.includes(`"issuer":"${r}"`)),
    ...faultyCity('anhui', { hang: true }, true),
  },
];
