import { REGIONS } from '../common/regions';
import { loadScenarios } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { until } from './support/poll';
import { startService } from './support/processes';
import { startSystem, type System } from './support/system';

/*
 * A region whose breaker is open costs nothing: what can only fail is refused before
 * planning with no fetch at all (asserted with the system's counting fetcher), and the
 * half-open trial is the health probe's, never a partner's request.
 */

beforeAll(async () => sendHeaders(await partnerHeaders('MEDICAL_BILLING')));

const familyIds = REGIONS.map((region) => loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);
const hangzhouId = familyIds[2]!;
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer } } }`;
const LOOKUP = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id issuer status } }`;
const DECISION = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { recognition(host: SHANGHAI, service: MEDICAL_BILLING) { decision } } }`;

let system: System;
let port: string;
beforeAll(async () => {
  system = await startSystem({
    BREAKER_VOLUME_THRESHOLD: '3',
    BREAKER_ERROR_THRESHOLD_PERCENT: '50',
    // Half-open 1 s after opening; the probe, every 2.5 s, makes the trial: a window in
    // which partner requests meet a half-open breaker.
    BREAKER_RESET_TIMEOUT_MS: '1000',
    PROBE_INTERVAL_MS: '2500',
    CACHE_TTL_SECONDS: '0',
  });
  const hangzhou = system.subgraphs.hangzhou!;
  port = new URL(hangzhou.baseUrl).port;
  await hangzhou.kill();
  const opened = await until(async () => {
    await gql(system.gatewayUrl, BATCH, { ids: familyIds });
    return (await breakerOf('hangzhou')) === 'open';
  }, 20_000);
  if (!opened) throw new Error('hangzhou breaker never opened');
});
afterAll(() => system?.close());

async function breakerOf(subgraph: string): Promise<string> {
  const res = await fetch(`${system.gatewayBase}/health/regions`);
  const body = (await res.json()) as { regions: Array<{ subgraph: string; breaker: string }> };
  return body.regions.find((r) => r.subgraph === subgraph)!.breaker;
}

describe('with a region’s breaker open', () => {
  it('refuses a lookup of that region with REGION_UNAVAILABLE (503) before planning: no fetch, not even the hub', async () => {
    system.resetFetches();
    const res = await gql(system.gatewayUrl, LOOKUP, { id: hangzhouId });
    expect(res.status).toBe(503);
    expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
    expect(res.errors![0]!.extensions).toMatchObject({ region: 'HANGZHOU', permitId: hangzhouId, messageZh: expect.any(String) });
    expect(system.fetches).toEqual({});
  });

  it('refuses a decision about that region’s permit, and a recognise batch of only its permits, the same way', async () => {
    system.resetFetches();
    const decision = await gql(system.gatewayUrl, DECISION, { id: hangzhouId });
    const batch = await gql(system.gatewayUrl, `query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { permitId permit { requestedRecognition { decision } } } }`, {
      r: [{ permitId: hangzhouId, host: 'SUZHOU', service: 'MEDICAL_BILLING' }, { permitId: hangzhouId, host: 'ANHUI', service: 'MEDICAL_BILLING' }],
    });
    expect([codes(decision), codes(batch)]).toEqual([['REGION_UNAVAILABLE'], ['REGION_UNAVAILABLE']]);
    expect(system.fetches).toEqual({});
  });

  it('serves the rest of a mixed batch; that region’s items get their errors without a fetch to it', async () => {
    system.resetFetches();
    const res = await gql<{ permits: Array<{ permit: { issuer: string } | null }> }>(system.gatewayUrl, BATCH, { ids: familyIds });
    expect(res.status).toBe(200);
    expect(res.data!.permits.map((p) => p.permit?.issuer ?? null)).toEqual(['SHANGHAI', 'SUZHOU', null, 'ANHUI']);
    expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
    expect(res.errors![0]!.extensions).toMatchObject({ region: 'HANGZHOU', permitId: hangzhouId });
    expect(system.fetches.hangzhou ?? 0).toBe(0);
  });

  it('still answers a malformed number with its own error rather than the outage', async () => {
    const res = await gql(system.gatewayUrl, LOOKUP, { id: '12345' });
    expect(codes(res)).toEqual(['INVALID_PERMIT_NUMBER']);
  });

  it('never lets a partner request be the half-open trial; the probe closes the breaker once the region is back', async () => {
    expect(await until(async () => (await breakerOf('hangzhou')) === 'halfOpen', 10_000, 25)).toBe(true);
    system.resetFetches();
    const during = await gql(system.gatewayUrl, LOOKUP, { id: hangzhouId });
    const batch = await gql(system.gatewayUrl, BATCH, { ids: familyIds });
    expect(codes(during)).toEqual(['REGION_UNAVAILABLE']);
    expect(codes(batch)).toEqual(['REGION_UNAVAILABLE']);
    expect(system.fetches.hangzhou ?? 0).toBe(0);

    system.subgraphs.hangzhou = await startService('hangzhou', { PORT: port });
    expect(await until(async () => (await breakerOf('hangzhou')) === 'closed', 20_000)).toBe(true);
    const after = await gql<{ permit: { issuer: string } }>(system.gatewayUrl, LOOKUP, { id: hangzhouId });
    expect(after.errors).toBeUndefined();
    expect(after.data!.permit.issuer).toBe('HANGZHOU');
  });
});
