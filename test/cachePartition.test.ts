import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * The entity cache partitions on who asks and on the purpose the guard validated: a hit
 * answers in a few milliseconds against tens for a fetch, so an entry shared between
 * partners would tell one what another just looked up (issue 20). (The validated purpose:
 * gateway/transport/cache/__tests__/cachePartition.test.ts.)
 */

const SZ = scenarioByName('sz-family-valid').permitId;
const PERMIT = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status } }`;

let system: System;
beforeAll(async () => {
  system = await startSystem({ CACHE_TTL_SECONDS: '300' });
});
afterAll(() => system?.close());

/** Looks up the Suzhou permit with `headers` and returns how many fetches reached Suzhou. */
async function suzhouFetches(headers: Record<string, string>): Promise<number> {
  system.resetFetches();
  const res = await gql(system.gatewayUrl, PERMIT, { id: SZ }, headers);
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ permit: { id: SZ, status: 'VALID' } });
  return system.fetches.suzhou ?? 0;
}

it("does not serve partner B's lookup from the entry partner A's lookup just stored", async () => {
  const a = await partnerHeaders('SCHOOLING', 'sz-school');
  const b = await partnerHeaders('SCHOOLING', 'demo-all');
  expect(await suzhouFetches(a)).toBeGreaterThan(0);
  // A's own repeat is a hit: the cache still works within a partner.
  expect(await suzhouFetches(a)).toBe(0);
  expect(await suzhouFetches(b)).toBeGreaterThan(0);
});
