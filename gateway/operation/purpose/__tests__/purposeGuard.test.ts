import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { DEVELOPMENT_REGISTRY } from '../../../auth/loadPartnerRegistry';
import type { PartnerClaims } from '../../../auth/verifyPartnerToken';
import { operationAnalyser, type AnalysedContext } from '../../operationAnalyser';
import type { PartnerContext } from '../../../GatewayContext';
import { purposeGuard } from '../purposeGuard';
import { apiSchema } from './apiSchema';

const GUARD_CODES = ['UNAUTHENTICATED', 'SCOPE_NOT_GRANTED', 'PURPOSE_NOT_GRANTED', 'FIELD_NOT_PERMITTED', 'BAD_USER_INPUT'];

// Stands in for the query planner: a request the guard refuses never gets here.
let executions = 0;
const countExecutions: ApolloServerPlugin<PartnerContext> = {
  async requestDidStart() {
    return {
      async executionDidStart() {
        executions += 1;
      },
    };
  },
};

const server = new ApolloServer<PartnerContext & AnalysedContext>({
  schema: apiSchema(),
  plugins: [operationAnalyser(), purposeGuard(), countExecutions],
});
beforeAll(() => server.start());
afterAll(() => server.stop());

function contextFor(partnerId: string, purpose?: string, claims: Partial<PartnerClaims> = {}): PartnerContext {
  const partner = DEVELOPMENT_REGISTRY.partners.get(partnerId);
  if (!partner) throw new Error(`no development partner ${partnerId}`);
  return {
    partner,
    claims: {
      sub: partner.id,
      aud: 'yrd-interop-gateway',
      jti: 'test-token',
      iat: 0,
      exp: 0,
      purposes: [...partner.purposes],
      scopes: [...partner.scopes],
      ...claims,
    },
    purpose,
    caseId: 'case-2026-0001',
    officerId: 'officer-7',
  };
}

async function run(query: string, contextValue: PartnerContext, variables?: Record<string, unknown>) {
  executions = 0;
  const response = await server.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, errors: response.body.singleResult.errors ?? [], executions };
}

async function expectRefused(
  query: string,
  context: PartnerContext,
  expected: { status: number; extensions: Record<string, unknown> },
  variables?: Record<string, unknown>,
): Promise<GraphQLFormattedError> {
  const result = await run(query, context, variables);
  expect(result.executions).toBe(0);
  expect(result.status).toBe(expected.status);
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors;
  expect(error?.extensions).toMatchObject(expected.extensions);
  expect(error?.extensions?.messageZh).toEqual(expect.any(String));
  return error as GraphQLFormattedError;
}

async function expectPassed(query: string, context: PartnerContext, variables?: Record<string, unknown>) {
  const result = await run(query, context, variables);
  expect(result.errors.filter((e) => GUARD_CODES.includes(String(e.extensions?.code)))).toEqual([]);
  expect(result.executions).toBe(1);
}

const SCHOOL_QUERY = /* GraphQL */ `
  query School($id: ID!) {
    permit(id: $id) {
      status validUntil holder { name }
      dependants { name birthDate }
      residence { districtCode }
      ... on SuzhouPermit { points district }
    }
  }
`;
const ID = { id: '3205082023000000017' };

describe('purposeGuard', () => {
  it('lets a school read what schooling may see', async () => {
    await expectPassed(SCHOOL_QUERY, contextFor('sz-school', 'SCHOOLING'), ID);
  });

  it('refuses a request without a verified partner with UNAUTHENTICATED (401)', async () => {
    await expectRefused(SCHOOL_QUERY, { purpose: 'SCHOOLING' }, { status: 401, extensions: { code: 'UNAUTHENTICATED' } }, ID);
  });

  describe('PURPOSE_NOT_GRANTED (403)', () => {
    it('when a permit is read without X-Purpose', async () => {
      await expectRefused(SCHOOL_QUERY, contextFor('sz-school'), { status: 403, extensions: { code: 'PURPOSE_NOT_GRANTED', reason: 'MISSING' } }, ID);
      await expectRefused(SCHOOL_QUERY, contextFor('sz-school', '  '), { status: 403, extensions: { reason: 'MISSING' } }, ID);
    });

    it('when X-Purpose is no purpose, without echoing it', async () => {
      const error = await expectRefused(
        SCHOOL_QUERY,
        contextFor('demo-all', '<script>'),
        { status: 403, extensions: { code: 'PURPOSE_NOT_GRANTED', reason: 'UNKNOWN', known: ['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL'] } },
        ID,
      );
      expect(JSON.stringify(error)).not.toContain('<script>');
    });

    it('when the purpose is not granted to the partner', async () => {
      await expectRefused(
        '{ permit(id: "3301062022000000031") { status medicalInsurance { status } } }',
        contextFor('sz-school', 'MEDICAL_BILLING'),
        { status: 403, extensions: { code: 'PURPOSE_NOT_GRANTED', reason: 'NOT_GRANTED', purpose: 'MEDICAL_BILLING', granted: ['SCHOOLING'] } },
      );
    });

    it('when the token was minted without that purpose, though the registry grants it', async () => {
      await expectRefused(
        '{ permit(id: "1") { status } }',
        contextFor('demo-all', 'SCHOOLING', { purposes: ['MEDICAL_BILLING'] }),
        { status: 403, extensions: { reason: 'NOT_GRANTED', granted: ['MEDICAL_BILLING'] } },
      );
    });

    it('when recognition(service:) asks for another purpose, literally or through a variable', async () => {
      const expected = {
        status: 403,
        extensions: { code: 'PURPOSE_NOT_GRANTED', reason: 'SERVICE_MISMATCH', purpose: 'SCHOOLING', services: ['MEDICAL_BILLING'], field: 'ResidencePermit.recognition' },
      };
      const demo = contextFor('demo-all', 'SCHOOLING');
      await expectRefused('{ permit(id: "1") { recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } } }', demo, expected);
      await expectRefused(
        'query ($s: Service!) { permit(id: "1") { ... on ShanghaiPermit { r: recognition(host: SUZHOU, service: $s) { decision } } } }',
        demo,
        expected,
        { s: 'MEDICAL_BILLING' },
      );
    });

    it('when one recognise request asks for another purpose', async () => {
      const query = 'query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { service permit { requestedRecognition { decision } } } }';
      const requests = [
        { permitId: '3205082023000000017', host: 'SUZHOU', service: 'SCHOOLING' },
        { permitId: '3101152024000123452', host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL' },
      ];
      await expectRefused(query, contextFor('demo-all', 'SCHOOLING'), {
        status: 403,
        extensions: { reason: 'SERVICE_MISMATCH', services: ['PROVIDENT_FUND_WITHDRAWAL'], field: 'Query.recognise' },
      }, { r: requests });
      await expectPassed(query, contextFor('demo-all', 'SCHOOLING'), { r: requests.slice(0, 1) });
    });
  });

  describe('FIELD_NOT_PERMITTED (403)', () => {
    it('lists every field the purpose may not see', async () => {
      const error = await expectRefused(
        '{ permit(id: "1") { residence { address } ... on ShanghaiPermit { points providentFund { status } } } }',
        contextFor('hz-hospital', 'MEDICAL_BILLING'),
        {
          status: 403,
          extensions: {
            code: 'FIELD_NOT_PERMITTED',
            purpose: 'MEDICAL_BILLING',
            fields: ['ProvidentFund.status', 'Residence.address', 'ResidencePermit.providentFund', 'ResidencePermit.residence', 'ShanghaiPermit.points'],
          },
        },
      );
      expect(error.message).toContain('MEDICAL_BILLING may not see');
    });

    it('refuses residence.address to schooling', async () => {
      await expectRefused('{ permit(id: "1") { residence { districtCode address } } }', contextFor('sz-school', 'SCHOOLING'), {
        status: 403,
        extensions: { fields: ['Residence.address'] },
      });
    });
  });

  describe('SCOPE_NOT_GRANTED (403)', () => {
    it('refuses introspection without schema:explore and allows it with', async () => {
      const query = '{ __schema { queryType { name } } }';
      await expectRefused(query, contextFor('sz-school'), {
        status: 403,
        extensions: { code: 'SCOPE_NOT_GRANTED', missing: ['schema:explore'] },
      });
      await expectPassed(query, contextFor('demo-all'));
    });

    it('refuses permit data without permits:read, but lets the token ask for a decision', async () => {
      const decisionsOnly = contextFor('sz-school', 'SCHOOLING', { scopes: ['recognition:read'] });
      await expectRefused('{ permit(id: "1") { id status } }', decisionsOnly, {
        status: 403,
        extensions: { missing: ['permits:read'], granted: ['recognition:read'] },
      });
      await expectPassed('{ permit(id: "1") { id recognition(host: SUZHOU, service: SCHOOLING) { decision } } }', decisionsOnly);
    });

    it('lets recognition:read alone see decisions and reason codes, never what quotes the record', async () => {
      const decisionsOnly = contextFor('sz-school', 'SCHOOLING', { scopes: ['recognition:read'] });
      const decision = (fields: string) => `{ permit(id: "1") { recognition(host: SUZHOU, service: SCHOOLING) { ${fields} } } }`;
      await expectPassed(decision('decision policyVersion decidedAt reasons { code messageZh messageEn required } verification { keyId }'), decisionsOnly);
      // "11 months", "NONE", "CLOSED": the record's values, as permits:read reads them.
      await expectRefused(decision('decision reasons { code observed }'), decisionsOnly, {
        status: 403,
        extensions: { code: 'SCOPE_NOT_GRANTED', missing: ['permits:read'] },
      });
      // The decision date plus the months missing: the observed months to the day.
      await expectRefused(decision('decision eligibleFrom'), decisionsOnly, { status: 403, extensions: { missing: ['permits:read'] } });
      const batch = 'query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { permit { requestedRecognition { reasons { observed } } } } }';
      await expectRefused(batch, decisionsOnly, { status: 403, extensions: { missing: ['permits:read'] } }, {
        r: [{ permitId: '3205082023000000017', host: 'SUZHOU', service: 'SCHOOLING' }],
      });
      await expectPassed(decision('decision eligibleFrom reasons { observed }'), contextFor('sz-school', 'SCHOOLING'));
    });

    it('answers nothing about a permit without a scope that names permits: no existence oracle', async () => {
      const noScope = contextFor('sz-school', 'SCHOOLING', { scopes: [] });
      const expected = { status: 403, extensions: { code: 'SCOPE_NOT_GRANTED', missing: ['recognition:read'], granted: [] } };
      await expectRefused('{ permits(ids: ["3205082023000000017", "3205082023000000025"]) { id permit { id } } }', noScope, expected);
      await expectRefused('{ permit(id: "3205082023000000017") { id } }', noScope, expected);
      await expectRefused('{ permit(id: "3205082023000000017") { __typename } }', noScope, expected);
      await expectRefused('{ verifyPresentation(code: "x") { permit { id } } }', noScope, expected);
      // Either scope names permits.
      const readOnly = contextFor('sz-school', 'SCHOOLING', { scopes: ['permits:read'] });
      await expectPassed('{ permits(ids: ["3205082023000000017"]) { id permit { id } } }', readOnly);
      await expectPassed('{ permit(id: "3205082023000000017") { id } }', contextFor('sz-school', 'SCHOOLING', { scopes: ['recognition:read'] }));
      // The directory names no permit.
      await expectPassed('{ regions { region } }', noScope);
    });
  });

  it('needs no purpose for the region directory and the policies', async () => {
    await expectPassed('{ regions { region nameZh } recognitionPolicies(host: SUZHOU) { version } }', contextFor('hz-hospital'));
  });

  it('refuses variables that do not fit the operation with BAD_USER_INPUT (400), before checking services', async () => {
    await expectRefused(
      'query ($s: Service!) { permit(id: "1") { recognition(host: SUZHOU, service: $s) { decision } } }',
      contextFor('demo-all', 'SCHOOLING'),
      { status: 400, extensions: { code: 'BAD_USER_INPUT' } },
      { s: 'SHOPPING' },
    );
  });
});
