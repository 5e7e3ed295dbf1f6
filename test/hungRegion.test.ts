import { REGIONS } from '../common/regions';
import { loadScenarios, scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gatewayHeaders } from './support/gatewayCredential';
import { codes, gql, sendHeaders } from './support/graphql';
import type { ServiceProcess } from './support/processes';
import { until } from './support/poll';
import { startSystem, type System } from './support/system';

/* Regions fail alone: a hung, a down and a refusing city each cost only their own part. */

beforeAll(async () => sendHeaders(await partnerHeaders('MEDICAL_BILLING')));

/** Suzhou's own timeout; the other subgraphs keep the gateway-wide default (3 s). */
const SUZHOU_TIMEOUT_MS = 800;
/** The client's own deadline: the whole response must arrive well before it. */
const CLIENT_TIMEOUT_MS = 5000;

const familyIds = REGIONS.map((region) => loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);
const SUZHOU_INDEX = REGIONS.indexOf('SUZHOU');
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer status validUntil } } }`;
const DECIDE = /* GraphQL */ `
  query ($id: ID!) {
    permit(id: $id) { id recognition(host: SHANGHAI, service: MEDICAL_BILLING) { decision verification { signatureValid issuerTrusted } } }
  }
`;
type Batch = { permits: Array<{ id: string; error: { code: string } | null; permit: { id: string; issuer: string } | null }> };
type RegionReport = { subgraph: string; breaker: string; lastErrorCode: string | null; window: { requests: number; successRate: number | null } };

let system: System;
beforeAll(async () => {
  system = await startSystem({
    SUZHOU_TIMEOUT_MS: String(SUZHOU_TIMEOUT_MS),
    // Only the tests' own requests feed the breakers, so each test can count them.
    PROBE_INTERVAL_MS: '600000',
    CACHE_TTL_SECONDS: '0',
  });
});
afterAll(() => system?.close());
afterEach(() => setFaults(system.subgraphs.suzhou!, 'DELETE'));

const setFaults = async (service: ServiceProcess, method: 'POST' | 'DELETE', body?: object) => {
  const res = await fetch(`${service.baseUrl}/__faults`, {
    method,
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(service.name)) },
    body: body && JSON.stringify(body),
  });
  expect(res.status).toBe(200);
};

const regionReport = async (subgraph: string): Promise<RegionReport> => {
  const res = await fetch(`${system.gatewayBase}/health/regions`);
  const body = (await res.json()) as { regions: RegionReport[] };
  return body.regions.find((r) => r.subgraph === subgraph)!;
};

const batch = () => gql<Batch>(system.gatewayUrl, BATCH, { ids: familyIds }, {}, AbortSignal.timeout(CLIENT_TIMEOUT_MS));

/** The batch as a healthy system answers it, but with Suzhou's item missing. */
const withoutSuzhou = (healthy: Batch) =>
  healthy.permits.map((item, i) => (i === SUZHOU_INDEX ? { ...item, permit: null } : item));

/** Failures that open the Suzhou breaker in the down test; the not-found test sends as many. */
let failuresToOpen = 0;

describe('a hung region (accepts the connection, never answers)', () => {
  it('answers its part with REGION_TIMEOUT at its own timeout, the other regions unchanged, well before the client gives up', async () => {
    const healthy = await batch();
    expect(healthy.errors).toBeUndefined();

    await setFaults(system.subgraphs.suzhou!, 'POST', { hang: true });
    const started = performance.now();
    const res = await batch();
    const elapsedMs = performance.now() - started;

    expect(res.status).toBe(200);
    expect(res.data!.permits).toEqual(withoutSuzhou(healthy.data!));
    expect(res.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'REGION_TIMEOUT', region: 'SUZHOU', subgraph: 'suzhou', permitId: familyIds[SUZHOU_INDEX] }),
      }),
    ]);
    // A hung region cannot answer before the gateway gives up on it: the error is the timeout's.
    expect(elapsedMs).toBeGreaterThanOrEqual(SUZHOU_TIMEOUT_MS);
    expect(JSON.stringify(res)).not.toMatch(/TimeoutError|AbortError|127\.0\.0\.1/);
    expect((await regionReport('suzhou')).lastErrorCode).toBe('REGION_TIMEOUT');
  });

  it('makes no decision for its permits, only a REGION_TIMEOUT naming it', async () => {
    await setFaults(system.subgraphs.suzhou!, 'POST', { hang: true });
    const res = await gql<{ permit: unknown }>(
      system.gatewayUrl,
      DECIDE,
      { id: scenarioByName('sz-family-valid').permitId },
      {},
      AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    );
    expect(res.status).toBe(200);
    expect(res.data?.permit ?? null).toBeNull();
    expect(codes(res)).toEqual(['REGION_TIMEOUT']);
    expect(JSON.stringify(res)).not.toContain('RECOGNISED');
  });
});

describe('a down region (HTTP 503)', () => {
  it('answers its part with REGION_UNAVAILABLE and the others unchanged, then its breaker opens', async () => {
    const healthy = await batch();
    expect(healthy.errors).toBeUndefined();

    await setFaults(system.subgraphs.suzhou!, 'POST', { down: true });
    const res = await batch();
    failuresToOpen = 1;
    expect(res.status).toBe(200);
    expect(res.data!.permits).toEqual(withoutSuzhou(healthy.data!));
    expect(res.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: 'SUZHOU', permitId: familyIds[SUZHOU_INDEX] }),
      }),
    ]);

    const opened = await until(async () => {
      if ((await regionReport('suzhou')).breaker === 'open') return true;
      const again = await batch();
      failuresToOpen++;
      expect(codes(again)).toEqual(['REGION_UNAVAILABLE']);
      return false;
    });
    expect(opened).toBe(true);
  });
});

describe('a region that answers with a GraphQL error', () => {
  it('keeps its breaker closed however often it refuses: PERMIT_NOT_FOUND is the caller’s problem, not the region’s', async () => {
    const unregistered = scenarioByName('sh-unregistered').permitId;
    // At least as many as opened Suzhou's breaker, and past the volume threshold (5).
    const tries = Math.max(10, failuresToOpen * 2);
    for (let i = 0; i < tries; i++) {
      const res = await gql<{ permit: unknown }>(system.gatewayUrl, BATCH, { ids: [unregistered] }, {}, AbortSignal.timeout(CLIENT_TIMEOUT_MS));
      expect(res.status).toBe(200);
      expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
      expect(res.errors![0]!.extensions).toMatchObject({ region: 'SHANGHAI', permitId: unregistered });
    }

    const shanghai = await regionReport('shanghai');
    expect(shanghai).toMatchObject({ breaker: 'closed', lastErrorCode: null, window: expect.objectContaining({ successRate: 1 }) });
    expect(shanghai.window.requests).toBeGreaterThanOrEqual(tries);
    // And it still serves: the next request reaches it, not the breaker.
    system.resetFetches();
    const served = await batch();
    expect(served.data!.permits[0]!.permit).toMatchObject({ issuer: 'SHANGHAI' });
    expect(system.fetches.shanghai).toBe(1);
  });
});
