import { DEFAULTS } from '../common/defaults';
import { ERROR_CODES, type ErrorCode } from '../common/errorCodes';
import { SERVICES, type Service } from '../common/services';
import { CONSENT_POLICY } from '../gateway/operation/presentation/consentPolicy';
import { scenarioByName } from '../mocks/scenarios';
import { mintDevToken } from '../scripts/token';
import { partnerHeaders } from './support/auth';
import { codes, gql, type GqlResponse } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * Partners see only what their purpose allows (docs/domain.md, "Services (purposes)"): every
 * partner × purpose × field set, end to end. A refusal names its code and HTTP status and
 * reaches no subgraph.
 */

let system: System;
beforeAll(async () => {
  // No entity cache: every served cell shows its fetch from the issuing city.
  system = await startSystem({ CACHE_TTL_SECONDS: '0' });
});
afterAll(() => system?.close());
beforeEach(() => system.resetFetches());

const PERMIT_ID = scenarioByName('sh-family-valid').permitId;

/** The development partners and the purposes the registry grants each. */
const PARTNERS: Record<string, readonly Service[]> = {
  'demo-all': SERVICES,
  'sz-school': ['SCHOOLING'],
  'hz-hospital': ['MEDICAL_BILLING'],
  'sh-fund-centre': ['PROVIDENT_FUND_WITHDRAWAL'],
};

interface FieldSet {
  selection: string;
  /** The purpose that may see it; null: every purpose. */
  audience: Service | null;
  /** Every field it selects that another purpose may not see, as `Type.field`. */
  guarded: string[];
  /** What a served response holds. */
  served: Record<string, unknown>;
}

const FIELD_SETS: Record<string, FieldSet> = {
  'status, validity and masked holder': {
    selection: 'status validFrom validUntil holder { name idNumber }',
    audience: null,
    guarded: [],
    served: { status: 'VALID', holder: { name: expect.stringMatching(/^[^*]\*\*$/u), idNumber: expect.stringMatching(/^\*{14}\d{3}[\dX]$/) } },
  },
  'the issuer-signed record and the holder disclosures': {
    selection: 'signature { keyId signedAt issuerSigned disclosures { holderName holderIdNumber } }',
    audience: null,
    guarded: [],
    served: { signature: expect.objectContaining({ issuerSigned: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]{86}$/) }) },
  },
  'the schooling disclosures': {
    selection: 'signature { disclosures { dependants residenceDistrictCode socialInsurance } }',
    audience: 'SCHOOLING',
    guarded: ['PermitDisclosures.dependants', 'PermitDisclosures.residenceDistrictCode', 'PermitDisclosures.socialInsurance'],
    served: { signature: { disclosures: { dependants: expect.any(String), residenceDistrictCode: expect.any(String), socialInsurance: expect.any(String) } } },
  },
  'the medical-insurance disclosure': {
    selection: 'signature { disclosures { medicalInsurance } }',
    audience: 'MEDICAL_BILLING',
    guarded: ['PermitDisclosures.medicalInsurance'],
    served: { signature: { disclosures: { medicalInsurance: expect.any(String) } } },
  },
  'the provident-fund disclosure': {
    selection: 'signature { disclosures { providentFund } }',
    audience: 'PROVIDENT_FUND_WITHDRAWAL',
    guarded: ['PermitDisclosures.providentFund'],
    served: { signature: { disclosures: { providentFund: expect.any(String) } } },
  },
  'a recognition decision for the purpose': {
    selection: 'recognition(host: SUZHOU, service: $service) { decision policyVersion }',
    audience: null,
    guarded: [],
    served: { recognition: { decision: 'RECOGNISED', policyVersion: '2026.1' } },
  },
  'dependants, residence district, social insurance and points': {
    selection:
      'dependants { name birthDate } residence { districtCode } socialInsurance { contributionMonths lastContributionMonth } ... on ShanghaiPermit { points }',
    audience: 'SCHOOLING',
    guarded: [
      'Dependant.birthDate',
      'Dependant.name',
      'Residence.districtCode',
      'ResidencePermit.dependants',
      'ResidencePermit.residence',
      'ResidencePermit.socialInsurance',
      'ShanghaiPermit.points',
      'SocialInsurance.contributionMonths',
      'SocialInsurance.lastContributionMonth',
    ],
    served: {
      dependants: [expect.objectContaining({ name: expect.stringContaining('*') }), expect.anything()],
      residence: { districtCode: expect.stringMatching(/^\d{6}$/) },
      points: expect.any(Number),
    },
  },
  'medical insurance': {
    selection: 'medicalInsurance { status }',
    audience: 'MEDICAL_BILLING',
    guarded: ['MedicalInsurance.status', 'ResidencePermit.medicalInsurance'],
    served: { medicalInsurance: { status: 'ACTIVE' } },
  },
  'provident fund': {
    selection: 'providentFund { status contributionMonths }',
    audience: 'PROVIDENT_FUND_WITHDRAWAL',
    guarded: ['ProvidentFund.contributionMonths', 'ProvidentFund.status', 'ResidencePermit.providentFund'],
    served: { providentFund: { status: 'ACTIVE', contributionMonths: expect.any(Number) } },
  },
};

const permitQuery = (selection: string) =>
  selection.includes('$service')
    ? /* GraphQL */ `query Permit($id: ID!, $service: Service!) { permit(id: $id) { id ${selection} } }`
    : /* GraphQL */ `query Permit($id: ID!) { permit(id: $id) { id ${selection} } }`;

type Outcome =
  | { kind: 'served' }
  /** Consent mode: refused to a plain lookup (CONSENT_REQUIRED), served on the holder's code. */
  | { kind: 'presented' }
  | { kind: 'refused'; status: number; code: ErrorCode; extensions: Record<string, unknown> };

function expected(partner: string, purpose: Service, set: FieldSet): Outcome {
  const granted = PARTNERS[partner]!;
  if (!granted.includes(purpose)) {
    return { kind: 'refused', status: 403, code: 'PURPOSE_NOT_GRANTED', extensions: { reason: 'NOT_GRANTED', purpose, granted: [...granted] } };
  }
  if (set.audience !== null && set.audience !== purpose) {
    return { kind: 'refused', status: 403, code: 'FIELD_NOT_PERMITTED', extensions: { purpose, fields: set.guarded } };
  }
  // Every field set selects more than the record's public fields (FIELDS_WITHOUT_CODE).
  if (CONSENT_POLICY[purpose]?.requirePresentedCode) return { kind: 'presented' };
  return { kind: 'served' };
}

/** The same selection on the holder's presented code: `verifyPresentation { permit { … } }`. */
const presentedQuery = (selection: string) =>
  selection.includes('$service')
    ? /* GraphQL */ `query Presented($code: String!, $service: Service!) { verifyPresentation(code: $code) { permit { id ${selection} } } }`
    : /* GraphQL */ `query Presented($code: String!) { verifyPresentation(code: $code) { permit { id ${selection} } } }`;

/** A code for the Shanghai permit and `purpose` from its city, as the holder's app gets one. */
async function presentedCode(purpose: Service): Promise<string> {
  const res = await fetch(`${system.subgraphs.shanghai!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId: PERMIT_ID, purpose }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

const MATRIX = Object.keys(PARTNERS).flatMap((partner) =>
  SERVICES.flatMap((purpose) =>
    Object.entries(FIELD_SETS).map(([label, set]) => {
      const outcome = expected(partner, purpose, set);
      const verdict = outcome.kind === 'refused' ? `${outcome.code} ${outcome.status}` : outcome.kind === 'served' ? 'served' : 'CONSENT_REQUIRED 403, served on a code';
      return [partner, purpose, label, verdict, set, outcome] as const;
    }),
  ),
);

/** A whole-request refusal: one error with `code`, no data, the HTTP status ERROR_CODES documents, and no subgraph fetched. */
function expectRefused(res: GqlResponse<unknown>, status: number, code: ErrorCode, extensions: Record<string, unknown> = {}): void {
  expect({ status: res.status, codes: codes(res) }).toEqual({ status, codes: [code] });
  expect(ERROR_CODES[code].httpStatus).toBe(status);
  expect(res.errors![0]!.extensions).toMatchObject({ ...extensions, messageEn: expect.any(String), messageZh: expect.any(String) });
  expect(res.data ?? null).toBeNull();
  expect(system.fetches).toEqual({});
}

describe('the matrix of partner × purpose × field set', () => {
  it('covers every partner, purpose and field set', () => {
    expect(MATRIX).toHaveLength(4 * 3 * Object.keys(FIELD_SETS).length);
  });

  it.each(MATRIX)('%s asking for %s: %s → %s', async (partner, purpose, _label, _verdict, set, outcome) => {
    const res = await gql<{ permit: Record<string, unknown> }>(
      system.gatewayUrl,
      permitQuery(set.selection),
      set.selection.includes('$service') ? { id: PERMIT_ID, service: purpose } : { id: PERMIT_ID },
      await partnerHeaders(purpose, partner),
    );
    if (outcome.kind === 'served') {
      expect(res.errors).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.data!.permit).toMatchObject({ id: PERMIT_ID, ...set.served });
      expect(system.fetches.shanghai).toBe(1);
    } else if (outcome.kind === 'presented') {
      expectRefused(res, 403, 'CONSENT_REQUIRED', { purpose });
      const code = await presentedCode(purpose);
      const presented = await gql<{ verifyPresentation: { permit: Record<string, unknown> } }>(
        system.gatewayUrl,
        presentedQuery(set.selection),
        set.selection.includes('$service') ? { code, service: purpose } : { code },
        await partnerHeaders(purpose, partner),
      );
      expect(presented.errors).toBeUndefined();
      expect(presented.status).toBe(200);
      expect(presented.data!.verifyPresentation.permit).toMatchObject({ id: PERMIT_ID, ...set.served });
      expect(system.fetches.shanghai).toBe(1);
    } else {
      expectRefused(res, outcome.status, outcome.code, outcome.extensions);
      if (outcome.code === 'FIELD_NOT_PERMITTED') expect(res.errors![0]!.extensions!.fields).toEqual(set.guarded);
    }
  });
});

describe('refusals', () => {
  const STATUS = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status } }`;

  it('refuses a request without a token with UNAUTHENTICATED (401)', async () => {
    const res = await gql(system.gatewayUrl, STATUS, { id: PERMIT_ID }, { 'x-purpose': 'SCHOOLING' });
    expectRefused(res, 401, 'UNAUTHENTICATED', { reason: 'MISSING_TOKEN' });
  });

  it('refuses a permit read without X-Purpose with PURPOSE_NOT_GRANTED (403, MISSING)', async () => {
    const res = await gql(system.gatewayUrl, STATUS, { id: PERMIT_ID }, await partnerHeaders());
    expectRefused(res, 403, 'PURPOSE_NOT_GRANTED', { reason: 'MISSING' });
  });

  it('serves the region directory without X-Purpose: it reads no permit', async () => {
    const res = await gql<{ regions: unknown[] }>(system.gatewayUrl, `{ regions { region } }`, {}, await partnerHeaders(undefined, 'sz-school'));
    expect(res.errors).toBeUndefined();
    expect(res.data!.regions).toHaveLength(4);
  });

  it('refuses an unknown purpose without echoing it (403, UNKNOWN)', async () => {
    const headers = { ...(await partnerHeaders('SCHOOLING')), 'x-purpose': 'TOURISM' };
    const res = await gql(system.gatewayUrl, STATUS, { id: PERMIT_ID }, headers);
    expectRefused(res, 403, 'PURPOSE_NOT_GRANTED', { reason: 'UNKNOWN', known: [...SERVICES] });
    expect(JSON.stringify(res)).not.toContain('TOURISM');
  });

  it.each([
    ['a literal argument', `query ($id: ID!) { permit(id: $id) { recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`, {}],
    ['a variable', `query ($id: ID!, $s: Service!) { permit(id: $id) { recognition(host: SUZHOU, service: $s) { decision } } }`, { s: 'MEDICAL_BILLING' }],
    ['an alias beside the declared service', `query ($id: ID!) { permit(id: $id) { ok: recognition(host: SUZHOU, service: SCHOOLING) { decision } other: recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }`, {}],
  ])('refuses recognition(service:) other than X-Purpose, given as %s (403, SERVICE_MISMATCH)', async (_label, query, variables) => {
    const res = await gql(system.gatewayUrl, query, { id: PERMIT_ID, ...variables }, await partnerHeaders('SCHOOLING'));
    expectRefused(res, 403, 'PURPOSE_NOT_GRANTED', {
      reason: 'SERVICE_MISMATCH',
      purpose: 'SCHOOLING',
      services: ['MEDICAL_BILLING'],
      field: 'ResidencePermit.recognition',
    });
  });

  it('refuses a recognise(requests:) batch with one item for another service (403, SERVICE_MISMATCH)', async () => {
    const requests = [
      { permitId: PERMIT_ID, host: 'SUZHOU', service: 'SCHOOLING' },
      { permitId: PERMIT_ID, host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL' },
    ];
    const res = await gql(
      system.gatewayUrl,
      /* GraphQL */ `query ($requests: [RecognitionRequest!]!) { recognise(requests: $requests) { permitId service } }`,
      { requests },
      await partnerHeaders('SCHOOLING', 'sz-school'),
    );
    expectRefused(res, 403, 'PURPOSE_NOT_GRANTED', { reason: 'SERVICE_MISMATCH', services: ['PROVIDENT_FUND_WITHDRAWAL'], field: 'Query.recognise' });
  });

  it.each(['demo-all', 'sz-school'])('refuses residence.address to SCHOOLING even for %s: nobody sees it (403)', async (partner) => {
    const res = await gql(
      system.gatewayUrl,
      /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id residence { districtCode address } } }`,
      { id: PERMIT_ID },
      await partnerHeaders('SCHOOLING', partner),
    );
    expectRefused(res, 403, 'FIELD_NOT_PERMITTED', { purpose: 'SCHOOLING', fields: ['Residence.address'] });
  });

  it.each([
    ['selected plainly', `query ($id: ID!) { permit(id: $id) { id medicalInsurance { status } } }`],
    ['under an alias', `query ($id: ID!) { permit(id: $id) { id care: medicalInsurance { s: status } } }`],
    ['in a fragment on the city type', `query ($id: ID!) { permit(id: $id) { id ...Care } } fragment Care on ShanghaiPermit { medicalInsurance { status } }`],
    ['through a batch', `query ($id: ID!) { permits(ids: [$id]) { permit { medicalInsurance { status } } } }`],
  ])('refuses medicalInsurance to SCHOOLING, %s (403, both fields listed)', async (_label, query) => {
    const res = await gql(system.gatewayUrl, query, { id: PERMIT_ID }, await partnerHeaders('SCHOOLING', 'sz-school'));
    expectRefused(res, 403, 'FIELD_NOT_PERMITTED', {
      purpose: 'SCHOOLING',
      fields: ['MedicalInsurance.status', 'ResidencePermit.medicalInsurance'],
    });
  });

  it('refuses providentFund to MEDICAL_BILLING and lists only the refused fields (403)', async () => {
    const res = await gql(
      system.gatewayUrl,
      /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status medicalInsurance { status } providentFund { status } } }`,
      { id: PERMIT_ID },
      await partnerHeaders('MEDICAL_BILLING', 'hz-hospital'),
    );
    expectRefused(res, 403, 'FIELD_NOT_PERMITTED', {
      purpose: 'MEDICAL_BILLING',
      fields: ['ProvidentFund.status', 'ResidencePermit.providentFund'],
    });
  });

  it.each([
    ['__schema', `{ __schema { queryType { name } } }`],
    ['__type', `{ __type(name: "ResidencePermit") { fields { name } } }`],
  ])('refuses introspection (%s) without the schema:explore scope (403)', async (_label, query) => {
    const res = await gql(system.gatewayUrl, query, {}, await partnerHeaders(undefined, 'sz-school'));
    expectRefused(res, 403, 'SCOPE_NOT_GRANTED', { missing: ['schema:explore'], granted: ['permits:read', 'recognition:read'] });
  });

  it('serves introspection to a partner holding schema:explore', async () => {
    const res = await gql<{ __schema: { queryType: { name: string } } }>(
      system.gatewayUrl,
      `{ __schema { queryType { name } } }`,
      {},
      await partnerHeaders(undefined, 'demo-all'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.queryType.name).toBe('Query');
  });

  describe('a token that grants less than the registry', () => {
    // With the case and officer every request naming a permit must carry.
    const bearer = async (options: Parameters<typeof mintDevToken>[0]) => ({
      authorization: `Bearer ${await mintDevToken(options)}`,
      'x-case-id': 'CASE-TEST-1',
      'x-officer-id': 'officer-7',
    });

    it("refuses a purpose outside the token's own purposes claim, though the registry grants it (403)", async () => {
      const headers = { ...(await bearer({ partnerId: 'demo-all', purposes: ['SCHOOLING'] })), 'x-purpose': 'MEDICAL_BILLING' };
      const res = await gql(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { medicalInsurance { status } } }`, { id: PERMIT_ID }, headers);
      expectRefused(res, 403, 'PURPOSE_NOT_GRANTED', { reason: 'NOT_GRANTED', purpose: 'MEDICAL_BILLING', granted: ['SCHOOLING'] });
    });

    it('serves the purpose the token does name', async () => {
      // Not SCHOOLING: its personal data come only on the holder's code (the matrix shows that).
      const headers = { ...(await bearer({ partnerId: 'demo-all', purposes: ['MEDICAL_BILLING'] })), 'x-purpose': 'MEDICAL_BILLING' };
      const res = await gql<{ permit: { medicalInsurance: unknown } }>(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { medicalInsurance { status } } }`, { id: PERMIT_ID }, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data!.permit.medicalInsurance).toEqual({ status: 'ACTIVE' });
    });

    it('refuses permit fields to a token without permits:read, and still serves its decisions (403 / 200)', async () => {
      const headers = { ...(await bearer({ partnerId: 'hz-hospital', scopes: ['recognition:read'] })), 'x-purpose': 'MEDICAL_BILLING' };
      const read = await gql(system.gatewayUrl, `query ($id: ID!) { permit(id: $id) { id status } }`, { id: PERMIT_ID }, headers);
      expectRefused(read, 403, 'SCOPE_NOT_GRANTED', { missing: ['permits:read'], granted: ['recognition:read'] });

      const decide = await gql<{ permit: { recognition: { decision: string } } }>(
        system.gatewayUrl,
        `query ($id: ID!) { permit(id: $id) { id recognition(host: HANGZHOU, service: MEDICAL_BILLING) { decision } } }`,
        { id: PERMIT_ID },
        headers,
      );
      expect(decide.errors).toBeUndefined();
      expect(decide.data!.permit.recognition.decision).toBe('RECOGNISED');
    });
  });
});
