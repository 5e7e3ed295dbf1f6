import { DEFAULTS } from '../common/defaults';
import { REGIONS } from '../common/regions';
import type { Service } from '../common/services';
import { CONSENT_POLICY } from '../gateway/operation/presentation/consentPolicy';
import { registryIds } from '../mocks/generate';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { startSystem, type System } from './support/system';

/* Recognition decisions end to end: @requires data from the issuing city, decided by interop. */

const RECOGNITION = /* GraphQL */ `
  recognition(host: $host, service: $service) {
    decision eligibleFrom policyVersion decidedAt
    reasons { code messageZh messageEn observed required }
    verification { signatureValid keyId issuerTrusted }
  }
`;
const DECIDE = /* GraphQL */ `
  query Decide($id: ID!, $host: Region!, $service: Service!) { permit(id: $id) { id ${RECOGNITION} } }
`;
/** A SCHOOLING decision is answered only on the holder's code (consent mode): asked so. */
const DECIDE_PRESENTED = /* GraphQL */ `
  query DecidePresented($code: String!, $host: Region!, $service: Service!) { verifyPresentation(code: $code) { permit { id ${RECOGNITION} } } }
`;

interface Decided {
  permit: { recognition: { decision: string; eligibleFrom: string | null; reasons: Array<{ code: string }>; verification: { signatureValid: boolean } } } | null;
}

// Generated before the system starts: generating takes seconds of blocked event loop, and
// a keep-alive socket between this process and the gateway in it would time out meanwhile
// and be reset under the next request (ECONNRESET on a loaded machine).
let registered: string[];
beforeAll(() => {
  registered = REGIONS.flatMap((r) => registryIds(r).slice(100, 220));
});

let system: System;
beforeAll(async () => {
  system = await startSystem({ DECISION_DATE: '2026-11-01' });
});
afterAll(() => system?.close());
beforeEach(() => system.resetFetches());

/** A code for the scenario's permit and `service` from its city, as the holder's app gets one. */
async function presentedCode(scenario: string, service: Service): Promise<string> {
  const { permitId, region } = scenarioByName(scenario);
  const res = await fetch(`${system.subgraphs[region!.toLowerCase()]!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId, purpose: service }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

async function decide(scenario: string, host: string, service: Service) {
  const headers = await partnerHeaders(service);
  const presented = CONSENT_POLICY[service]?.requirePresentedCode === true;
  const res = presented
    ? await gql<{ verifyPresentation: Decided }>(system.gatewayUrl, DECIDE_PRESENTED, { code: await presentedCode(scenario, service), host, service }, headers)
    : await gql<Decided>(system.gatewayUrl, DECIDE, { id: scenarioByName(scenario).permitId, host, service }, headers);
  expect(res.errors).toBeUndefined();
  const data = res.data as { verifyPresentation?: Decided } & Decided;
  const r = (presented ? data.verifyPresentation! : data).permit!.recognition;
  return { decision: r.decision, codes: r.reasons.map((x) => x.code), eligibleFrom: r.eligibleFrom, verification: r.verification };
}

describe('recognition(host, service) on scenario permits', () => {
  it.each([
    ['sh-family-valid', 'SUZHOU', 'SCHOOLING', 'RECOGNISED', []],
    ['hz-near-threshold', 'SHANGHAI', 'SCHOOLING', 'REFERRED', ['SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD']],
    ['ah-no-eligible-child', 'ANHUI', 'SCHOOLING', 'REJECTED', ['NO_ELIGIBLE_CHILD']],
    ['ah-grace-period', 'HANGZHOU', 'MEDICAL_BILLING', 'REFERRED', ['IN_GRACE_PERIOD']],
    ['sz-medical-none', 'SHANGHAI', 'MEDICAL_BILLING', 'REJECTED', ['MEDICAL_INSURANCE_INACTIVE']],
    ['sh-expires-soon', 'ANHUI', 'MEDICAL_BILLING', 'RECOGNISED', ['EXPIRES_SOON']],
    ['hz-fund-closed', 'SUZHOU', 'PROVIDENT_FUND_WITHDRAWAL', 'REJECTED', ['FUND_ACCOUNT_CLOSED']],
    ['sh-fund-sealed', 'HANGZHOU', 'PROVIDENT_FUND_WITHDRAWAL', 'RECOGNISED', []],
    ['sh-revoked', 'SUZHOU', 'MEDICAL_BILLING', 'REJECTED', ['PERMIT_REVOKED']],
    ['sz-tampered-signature', 'SHANGHAI', 'SCHOOLING', 'REJECTED', ['SIGNATURE_INVALID']],
    ['ah-unknown-signing-key', 'SUZHOU', 'MEDICAL_BILLING', 'UNVERIFIABLE', ['SIGNING_KEY_UNKNOWN']],
  ] as Array<[string, string, Service, string, string[]]>)('%s in %s for %s is %s %j', async (scenario, host, service, decision, reasonCodes) => {
    const got = await decide(scenario, host, service);
    expect({ decision: got.decision, codes: got.codes }).toEqual({ decision, codes: reasonCodes });
    // Routing in the gateway (localRouting), the record from the city, the decision from the hub
    // (which verified the presented code first, where the purpose needs one).
    const hubFetches = CONSENT_POLICY[service]?.requirePresentedCode ? 2 : 1;
    expect(system.fetches).toEqual({ interop: hubFetches, [scenarioByName(scenario).region!.toLowerCase()]: 1 });
  });

  it('publishes the policy a partner can show a resident', async () => {
    const res = await gql<{ recognitionPolicies: Array<{ version: string; host: string; service: string; requirements: Array<{ code: string; value: string }> }> }>(
      system.gatewayUrl,
      `{ recognitionPolicies(host: SUZHOU, service: SCHOOLING) { version host service requirements { code value descriptionZh } } }`,
      {},
      await partnerHeaders(),
    );
    expect(res.data!.recognitionPolicies).toHaveLength(1);
    const row = res.data!.recognitionPolicies[0]!;
    expect(row).toMatchObject({ version: '2026.1', host: 'SUZHOU', service: 'SCHOOLING' });
    expect(row.requirements).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'RESIDENCE_MONTHS', value: '6' })]));
  });
});

describe('recognise(requests:)', () => {
  // A partner asks on behalf of one purpose at a time, so a batch has one service (not
  // SCHOOLING: its decisions come one presented code at a time).
  beforeAll(async () => sendHeaders(await partnerHeaders('PROVIDENT_FUND_WITHDRAWAL')));
  const RECOGNISE = /* GraphQL */ `
    query ($requests: [RecognitionRequest!]!) {
      recognise(requests: $requests) {
        permitId host service error { code }
        permit { id requestedRecognition { host service decision } }
      }
    }
  `;
  type Item = { permitId: string; host: string; service: string; error: { code: string } | null; permit: { id: string; requestedRecognition: { host: string; service: string; decision: string } } | null };

  it('answers 500 items for four hosts over four regions in order, bad ids as item errors, each region fetched once', async () => {
    const pool = registered;
    const requests = Array.from({ length: 500 }, (_, i) => ({
      permitId: i % 50 === 7 ? `bad-${i}` : pool[(i * 37) % pool.length]!,
      host: REGIONS[i % 4]!,
      service: 'PROVIDENT_FUND_WITHDRAWAL',
    }));
    const res = await gql<{ recognise: Item[] }>(system.gatewayUrl, RECOGNISE, { requests });
    expect(res.errors).toBeUndefined();
    const items = res.data!.recognise;
    expect(items.map((it) => [it.permitId, it.host, it.service])).toEqual(requests.map((r) => [r.permitId, r.host, r.service]));
    for (const [i, item] of items.entries()) {
      if (i % 50 === 7) {
        expect(item).toMatchObject({ error: { code: 'INVALID_PERMIT_NUMBER' }, permit: null });
      } else {
        expect(item.error).toBeNull();
        expect(item.permit!.requestedRecognition).toMatchObject({ host: item.host, service: item.service, decision: expect.any(String) });
      }
    }
    expect(system.fetches).toMatchObject({ shanghai: 1, suzhou: 1, hangzhou: 1, anhui: 1 });
  });

  it('decides each item for its own host and service', async () => {
    // Two months of contributions: Shanghai needs six, Suzhou three (one short: referred).
    const id = scenarioByName('ah-fund-two-months').permitId;
    const res = await gql<{ recognise: Item[] }>(system.gatewayUrl, RECOGNISE, {
      requests: [
        { permitId: id, host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL' },
        { permitId: id, host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL' },
      ],
    });
    expect(res.data!.recognise.map((it) => it.permit!.requestedRecognition.decision)).toEqual(['REJECTED', 'REFERRED']);
  });
});

describe('with the issuing region down', () => {
  it('gives no decision for its permits, only an error naming the region', async () => {
    await system.subgraphs.anhui!.kill();
    const res = await gql<Decided>(
      system.gatewayUrl,
      DECIDE,
      { id: scenarioByName('ah-family-valid').permitId, host: 'SUZHOU', service: 'MEDICAL_BILLING' },
      await partnerHeaders('MEDICAL_BILLING'),
    );
    expect(res.data?.permit ?? null).toBeNull();
    expect(codes(res)).toContain('REGION_UNAVAILABLE');
    expect(JSON.stringify(res)).not.toContain('RECOGNISED');
  });
});
