import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * The hub states the decisions its answer carries (`extensions.yrdDecisions`), for the
 * gateway's audit; Apollo Gateway merges only a subgraph's data and errors, so the
 * statement never reaches the partner.
 */

let system: System;
beforeAll(async () => {
  system = await startSystem({ DECISION_DATE: '2026-11-01' }, { keepAnswers: true });
});
afterAll(() => system?.close());
beforeEach(() => system.resetFetches());

const DECIDE = /* GraphQL */ `
  query Decide($id: ID!) { permit(id: $id) { id here: recognition(host: SUZHOU, service: MEDICAL_BILLING) { verdict: decision } } }
`;
const REASONS_ONLY = /* GraphQL */ `
  query Reasons($id: ID!) { permit(id: $id) { id recognition(host: SUZHOU, service: MEDICAL_BILLING) { reasons { code } } } }
`;

/** The statement in each of the hub's answers to the gateway since the last reset. */
const hubStatements = () =>
  system.answers.filter((a) => a.subgraph === 'interop').map((a) => (a.body as { extensions?: Record<string, unknown> }).extensions?.yrdDecisions);

describe('the hub states its decisions', () => {
  it('in its answer to the gateway, by permit, host and service, and the partner’s response carries no such extension', async () => {
    const { permitId } = scenarioByName('sh-family-valid');
    const res = await gql<{ permit: { here: { verdict: string } } }>(system.gatewayUrl, DECIDE, { id: permitId }, await partnerHeaders('MEDICAL_BILLING'));
    expect(res.errors).toBeUndefined();
    expect(res.data?.permit.here.verdict).toBe('RECOGNISED');
    expect(hubStatements()).toEqual([[{ permitId, host: 'SUZHOU', service: 'MEDICAL_BILLING', decision: 'RECOGNISED' }]]);
    expect(res.extensions?.yrdDecisions).toBeUndefined();
    expect(JSON.stringify(res)).not.toContain('yrdDecisions');
  });

  it('only for a decision its answer carries: a selection without `decision` states none', async () => {
    const { permitId } = scenarioByName('sz-medical-none');
    const res = await gql(system.gatewayUrl, REASONS_ONLY, { id: permitId }, await partnerHeaders('MEDICAL_BILLING'));
    expect(res.errors).toBeUndefined();
    expect(hubStatements()).toEqual([undefined]);
  });
});
