import { REGIONS } from '../common/regions';
import { loadScenarios } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/* "Does this permit exist?" never gets a false yes, whatever the partner selects. */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

const scenarios = loadScenarios();
const unregistered = scenarios.find((s) => s.region === 'SHANGHAI' && !s.registered)!;
const familyIds = REGIONS.map((region) => scenarios.find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);

let system: System;
beforeAll(async () => {
  system = await startSystem({ CACHE_TTL_SECONDS: '0' });
});
afterAll(() => system?.close());

describe('permit(id:) selecting only the number', () => {
  it('answers an unregistered well-formed number with null and PERMIT_NOT_FOUND from its region', async () => {
    const res = await gql<{ permit: unknown }>(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { id } }`, { id: unregistered.permitId });
    expect(res.data?.permit).toBeNull();
    expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
    expect(res.errors![0]!.extensions).toMatchObject({ region: 'SHANGHAI', permitId: unregistered.permitId });
  });

  it('asks the issuing city, once, to confirm a registered number', async () => {
    system.resetFetches();
    const res = await gql<{ permit: { id: string; __typename: string } }>(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { __typename id } }`, {
      id: familyIds[2],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.permit).toEqual({ __typename: 'HangzhouPermit', id: familyIds[2] });
    expect(system.fetches).toEqual({ hangzhou: 1 });
  });

  it('sees through aliases, fragments and a field under @include', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!, $more: Boolean!) { p: permit(id: $id) { ...Num issuer @include(if: $more) } }
      fragment Num on ResidencePermit { number: id }`;
    const res = await gql<{ p: unknown }>(system.gatewayUrl, query, { id: unregistered.permitId, more: false });
    expect(res.data?.p).toBeNull();
    expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
  });

  it('adds no fetch when other fields are selected: the city fetch of the plan confirms it', async () => {
    system.resetFetches();
    const res = await gql(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { id issuer } }`, { id: unregistered.permitId });
    expect(res.data?.permit).toBeNull();
    expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
    expect(system.fetches).toEqual({ shanghai: 1 });
  });
});

describe('permits(ids:) selecting only the number', () => {
  it('clears the unregistered item with its own error and serves the rest, one check per region', async () => {
    system.resetFetches();
    const ids = [...familyIds, unregistered.permitId, '12345'];
    const res = await gql<{ permits: Array<{ id: string; error: { code: string } | null; permit: { id: string } | null }> }>(
      system.gatewayUrl,
      `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id } } }`,
      { ids },
    );
    expect(res.data!.permits.map((p) => p.permit?.id ?? null)).toEqual([...familyIds, null, null]);
    expect(res.data!.permits.map((p) => p.error?.code ?? null)).toEqual([null, null, null, null, null, 'INVALID_PERMIT_NUMBER']);
    expect(codes(res)).toEqual(['PERMIT_NOT_FOUND']);
    expect(res.errors![0]!.extensions).toMatchObject({ permitId: unregistered.permitId, region: 'SHANGHAI' });
    expect(system.fetches).toEqual({ shanghai: 1, suzhou: 1, hangzhou: 1, anhui: 1 });
  });
});

describe('a hostile partner', () => {
  it('cannot probe registration with a batch of made-up numbers: none is confirmed', async () => {
    // Well-formed numbers of connected regions (valid check characters) that no registry holds.
    const made = scenarios.filter((s) => s.region && !s.registered).map((s) => s.permitId);
    expect(made.length).toBeGreaterThan(0);
    const res = await gql<{ permits: Array<{ permit: unknown }> }>(system.gatewayUrl, `query ($ids: [ID!]!) { permits(ids: $ids) { permit { __typename id } } }`, {
      ids: made,
    });
    expect(res.data!.permits.every((p) => p.permit === null)).toBe(true);
    expect(codes(res).every((c) => c === 'PERMIT_NOT_FOUND')).toBe(true);
  });
});
