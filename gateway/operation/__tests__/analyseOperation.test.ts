import { generateKeyPairSync } from 'node:crypto';
import { parse } from 'graphql';
import { signPresentationCode } from '../../../common/presentationCode';
import { apiSchema } from '../purpose/__tests__/apiSchema';
import { analyseOperation } from '../analyseOperation';

const schema = apiSchema();
const SH = '3101152024000123452';
const SZ = '3205082023000000017';

function analyse(query: string, variables?: Record<string, unknown>, operationName?: string) {
  return analyseOperation(schema, parse(query), operationName, variables);
}

/** The coordinates selected, sorted, each once. */
function coordinates(query: string, variables?: Record<string, unknown>, operationName?: string): string[] {
  return [...new Set(analyse(query, variables, operationName).fields.map((f) => f.coordinate))].sort();
}

describe('analyseOperation', () => {
  describe('selected fields', () => {
    it('follows named and nested fragments, each walked once however often it is spread', () => {
      const query = /* GraphQL */ `
        { a: permit(id: "${SH}") { ...Record } b: permit(id: "${SZ}") { ...Record } }
        fragment Record on ResidencePermit { status ...Cover }
        fragment Cover on ResidencePermit { medicalInsurance { status } }
      `;
      const { fields } = analyse(query);
      expect(fields.filter((f) => f.coordinate === 'ResidencePermit.status')).toHaveLength(1);
      expect(coordinates(query)).toEqual(['MedicalInsurance.status', 'Query.permit', 'ResidencePermit.medicalInsurance', 'ResidencePermit.status']);
    });

    it.each(['ShanghaiPermit', 'SuzhouPermit', 'HangzhouPermit', 'AnhuiPermit'])(
      'counts a common field selected on %s as the ResidencePermit field',
      (type) => {
        expect(coordinates(`{ permit(id: "${SH}") { ... on ${type} { status dependants { name } } } }`)).toEqual([
          'Dependant.name',
          'Query.permit',
          'ResidencePermit.dependants',
          'ResidencePermit.status',
        ]);
      },
    );

    it('names local fields of a permit type after that type, in inline fragments and fragments alike', () => {
      const query = /* GraphQL */ `
        { permit(id: "${SH}") { ... on ShanghaiPermit { category } ...Anhui ... { validUntil } } }
        fragment Anhui on AnhuiPermit { issuingCityCode }
      `;
      expect(coordinates(query)).toEqual(['AnhuiPermit.issuingCityCode', 'Query.permit', 'ResidencePermit.validUntil', 'ShanghaiPermit.category']);
    });

    it('names a field by its schema coordinate, whatever its alias', () => {
      expect(coordinates(`{ p: permit(id: "${SH}") { s: status kids: dependants { n: name } } }`)).toEqual([
        'Dependant.name',
        'Query.permit',
        'ResidencePermit.dependants',
        'ResidencePermit.status',
      ]);
    });

    it('leaves out what @skip and @include exclude, with the operation’s defaults', () => {
      const query = /* GraphQL */ `
        query ($kids: Boolean!, $skipCover: Boolean = true) {
          permit(id: "${SH}") { status dependants @include(if: $kids) { name } ...Cover @skip(if: $skipCover) }
        }
        fragment Cover on ResidencePermit { medicalInsurance { status } }
      `;
      expect(coordinates(query, { kids: false })).toEqual(['Query.permit', 'ResidencePermit.status']);
      expect(coordinates(query, { kids: true, skipCover: false })).toEqual([
        'Dependant.name',
        'MedicalInsurance.status',
        'Query.permit',
        'ResidencePermit.dependants',
        'ResidencePermit.medicalInsurance',
        'ResidencePermit.status',
      ]);
    });

    it('counts what an undecidable condition guards, and reports the variables that do not fit', () => {
      const query = `query ($kids: Boolean!) { permit(id: "${SH}") { dependants @include(if: $kids) { name } } }`;
      const analysis = analyse(query, { kids: 'no' });
      expect(analysis.variables).toBeUndefined();
      expect(analysis.variableErrors).toHaveLength(1);
      expect(coordinates(query, { kids: 'no' })).toContain('ResidencePermit.dependants');
    });

    it('keeps __schema and __type, and leaves out __typename and the fields of introspection types', () => {
      const analysis = analyse('{ __schema { types { name fields { name } } } __type(name: "Holder") { name } __typename }');
      expect(analysis.fields.map((f) => f.coordinate).sort()).toEqual(['Query.__schema', 'Query.__type']);
      expect(analysis.permitArguments).toEqual([]);
      expect(analysis.selectsRecognition).toBe(false);
    });

    it('reads only the named operation and the fragments it reaches', () => {
      const document = /* GraphQL */ `
        query Fund { permit(id: "${SH}") { ...Fund } }
        query School { recognise(requests: []) { permit { ...School } } }
        fragment Fund on ResidencePermit { providentFund { status } }
        fragment School on ResidencePermit { dependants { name } recognition(host: SUZHOU, service: SCHOOLING) { decision } }
      `;
      const fund = analyse(document, {}, 'Fund');
      expect(coordinates(document, {}, 'Fund')).toEqual(['ProvidentFund.status', 'Query.permit', 'ResidencePermit.providentFund']);
      expect(fund.selectsRecognition).toBe(false);
      expect(fund.serviceArguments).toEqual([]);
    });

    it('throws when the document has no such operation', () => {
      expect(() => analyse('{ regions { region } }', {}, 'Missing')).toThrow(/no operation Missing/);
    });
  });

  describe('permit arguments', () => {
    it('takes the id of permit(id:), literal or variable, under its response key', () => {
      const analysis = analyse(`query ($id: ID!) { a: permit(id: $id) { id } permit(id: "${SZ}") { id } }`, { id: SH });
      expect(analysis.permitArguments).toEqual([
        { coordinate: 'Query.permit', responseKey: 'a', values: [SH], batchSize: undefined, decisionsPerItem: 0 },
        { coordinate: 'Query.permit', responseKey: 'permit', values: [SZ], batchSize: undefined, decisionsPerItem: 0 },
      ]);
      expect(analysis.permitIds).toEqual([SH, SZ]);
    });

    it('takes the ids and the size of the batch arguments permits(ids:) and recognise(requests:)', () => {
      const query = /* GraphQL */ `
        query ($ids: [ID!]!, $requests: [RecognitionRequest!]!) {
          permits(ids: $ids) { id }
          recognise(requests: $requests) { permitId }
        }
      `;
      const requests = [
        { permitId: SH, host: 'SUZHOU', service: 'SCHOOLING' },
        { permitId: SZ, host: 'SHANGHAI', service: 'SCHOOLING' },
      ];
      const analysis = analyse(query, { ids: [SH, 'not-a-number', SZ], requests });
      expect(analysis.permitArguments).toEqual([
        { coordinate: 'Query.permits', responseKey: 'permits', values: [SH, 'not-a-number', SZ], batchSize: 3, decisionsPerItem: 0 },
        { coordinate: 'Query.recognise', responseKey: 'recognise', values: [SH, SZ], batchSize: 2, decisionsPerItem: 0 },
      ]);
      expect(analysis.permitIds).toEqual([SH, 'not-a-number', SZ, SH, SZ]);
    });

    it('finds root fields in fragments and inline fragments on Query', () => {
      const query = `{ ... on Query { permit(id: "${SH}") { id } } ...Lookup } fragment Lookup on Query { permits(ids: ["${SZ}"]) { id } }`;
      expect(analyse(query).permitIds).toEqual([SH, SZ]);
    });

    it('takes the ids of skipped root fields too, so a bad number is refused whatever the condition', () => {
      const query = /* GraphQL */ `
        query ($no: Boolean = false) { permit(id: "bad") @include(if: $no) { id } ...Skipped @skip(if: true) }
        fragment Skipped on Query { permits(ids: ["${SZ}"]) { id } }
      `;
      const analysis = analyse(query);
      expect(analysis.permitIds).toEqual(['bad', SZ]);
      expect(analysis.fields).toEqual([]);
    });

    it('takes the permit a presentation code names, and how many decisions each item asks', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const { code } = await signPresentationCode({ permitId: SH, issuer: 'SHANGHAI', purpose: 'MEDICAL_BILLING' }, 'SH-TEST-1', privateKey);
      const query = /* GraphQL */ `
        query ($code: String!) {
          verifyPresentation(code: $code) {
            permit { a: recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision } b: recognition(host: ANHUI, service: MEDICAL_BILLING) { decision } }
          }
        }
      `;
      const analysis = analyse(query, { code });
      expect(analysis.permitArguments).toEqual([
        { coordinate: 'Query.verifyPresentation', responseKey: 'verifyPresentation', values: [SH], batchSize: undefined, decisionsPerItem: 2 },
      ]);
      expect(analysis.permitIds).toEqual([SH]);
      // An unreadable code names no permit number, but the field still names a permit.
      expect(analyse(query, { code: 'not-a-code' }).permitArguments[0]?.values).toEqual([undefined]);
      expect(analyse(query, { code: 'not-a-code' }).permitIds).toEqual([]);
    });

    it('records an argument that cannot be coerced instead of throwing', () => {
      const [argument] = analyse('query ($id: ID = "x") { permit(id: $id) { id } }', { id: null }).permitArguments;
      expect(argument?.values).toEqual([]);
      expect(argument?.error?.message).toMatch(/must not be null/);
    });
  });

  describe('services and decisions', () => {
    it('takes the service of recognition(service:), literal or variable, and marks a decision', () => {
      const query = /* GraphQL */ `
        query ($service: Service!) {
          permit(id: "${SH}") {
            mine: recognition(host: SUZHOU, service: $service) { decision }
            ... on ShanghaiPermit { recognition(host: ANHUI, service: MEDICAL_BILLING) { decision } }
          }
        }
      `;
      const analysis = analyse(query, { service: 'SCHOOLING' });
      expect(analysis.serviceArguments).toEqual([
        { coordinate: 'ResidencePermit.recognition', services: ['SCHOOLING'] },
        { coordinate: 'ResidencePermit.recognition', services: ['MEDICAL_BILLING'] },
      ]);
      expect(analysis.selectsRecognition).toBe(true);
    });

    it('takes the service of each recognise request, and marks a decision asked through requestedRecognition', () => {
      const query = /* GraphQL */ `
        query ($requests: [RecognitionRequest!]!) {
          recognise(requests: $requests) { permit { requestedRecognition { decision } } }
        }
      `;
      const requests = [
        { permitId: SH, host: 'SUZHOU', service: 'SCHOOLING' },
        { permitId: SZ, host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL' },
      ];
      const analysis = analyse(query, { requests });
      expect(analysis.serviceArguments).toEqual([{ coordinate: 'Query.recognise', services: ['SCHOOLING', 'PROVIDENT_FUND_WITHDRAWAL'] }]);
      expect(analysis.selectsRecognition).toBe(true);
    });

    it('marks no decision for a plain read, nor for a recognise that selects no decision', () => {
      expect(analyse(`{ permit(id: "${SH}") { status } }`).selectsRecognition).toBe(false);
      expect(analyse('{ recognise(requests: []) { permitId } }').selectsRecognition).toBe(false);
    });

    it('marks no decision when the only Recognition is skipped', () => {
      const query = `{ permit(id: "${SH}") { status recognition(host: SUZHOU, service: SCHOOLING) @skip(if: true) { decision } } }`;
      const analysis = analyse(query);
      expect(analysis.selectsRecognition).toBe(false);
      expect(analysis.serviceArguments).toEqual([]);
    });
  });

  it('returns a frozen analysis', () => {
    const analysis = analyse(`{ permit(id: "${SH}") { status } }`);
    expect(Object.isFrozen(analysis)).toBe(true);
    expect(Object.isFrozen(analysis.fields)).toBe(true);
    expect(Object.isFrozen(analysis.fields[0])).toBe(true);
    expect(Object.isFrozen(analysis.permitArguments[0])).toBe(true);
    expect(Object.isFrozen(analysis.permitIds)).toBe(true);
  });
});
