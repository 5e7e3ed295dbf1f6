import { setTimeout as sleep } from 'node:timers/promises';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/* Stale-if-error: plain reads may be answered from an expired cache entry while the
   region fails, flagged in the response; a recognition decision never is. */

let system: System;
beforeAll(async () => {
  sendHeaders(await partnerHeaders('MEDICAL_BILLING'));
  system = await startSystem({ CACHE_TTL_SECONDS: '1', CACHE_STALE_SECONDS: '300' });
});
afterAll(() => system?.close());

const id = scenarioByName('hz-family-valid').permitId;
const READ = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status validUntil } }`;
const DECIDE = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`;

it('answers a plain read from the stale entry, flagged, and refuses to decide on it', async () => {
  const fresh = await gql<{ permit: unknown }>(system.gatewayUrl, READ, { id });
  expect(fresh.errors).toBeUndefined();
  await gql(system.gatewayUrl, DECIDE, { id }); // caches the signed record the decision needs
  await sleep(1200); // past the fresh life of both entries
  await system.subgraphs.hangzhou!.kill();

  const stale = await gql<{ permit: unknown }>(system.gatewayUrl, READ, { id });
  expect(stale.errors).toBeUndefined();
  expect(stale.data).toEqual(fresh.data);
  expect(stale.extensions?.stale).toEqual([
    { subgraph: 'hangzhou', permitId: id, ageSeconds: expect.any(Number) },
  ]);

  const decision = await gql<{ permit: { recognition: unknown } | null }>(system.gatewayUrl, DECIDE, { id });
  expect(decision.data?.permit ?? null).toBeNull();
  expect(codes(decision)).toContain('REGION_UNAVAILABLE');
  expect(JSON.stringify(decision)).not.toMatch(/RECOGNISED|"stale"/);
});
