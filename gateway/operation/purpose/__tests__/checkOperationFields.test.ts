import { parse } from 'graphql';
import type { Service } from '../../../../common/services';
import { checkOperationFields } from '../checkOperationFields';
import { apiSchema } from './apiSchema';

const schema = apiSchema();

function denied(purpose: Service, query: string, variables?: Record<string, unknown>, operationName?: string): string[] {
  return checkOperationFields(schema, parse(query), operationName, variables, purpose);
}

function expectAllowed(purpose: Service, query: string, variables?: Record<string, unknown>) {
  expect(denied(purpose, query, variables)).toEqual([]);
}

const DEPENDANTS = ['Dependant.birthDate', 'Dependant.name', 'ResidencePermit.dependants'];

const COMMON_RECORD = /* GraphQL */ `
  query Common($id: ID!) {
    permit(id: $id) {
      __typename
      id
      issuer
      issuingAuthorityCode
      status
      validFrom
      validUntil
      residentSince
      holder { name idNumber }
      signature { algorithm keyId signedAt issuerSigned disclosures { holderName holderIdNumber } }
      ... on ShanghaiPermit { category }
      ... on AnhuiPermit { issuingCityCode issuingCityName }
    }
    regions { region nameZh nameEn issuingCodePrefixes }
  }
`;

describe('checkOperationFields', () => {
  it.each<Service>(['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL'])(
    'lets %s see status, validity, issuer, the masked holder and the signature',
    (purpose) => {
      expectAllowed(purpose, COMMON_RECORD, { id: '3101152024000123452' });
    },
  );

  it.each<Service>(['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL'])('lets %s see a whole decision', (purpose) => {
    expectAllowed(
      purpose,
      /* GraphQL */ `
        query {
          permit(id: "3101152024000123452") {
            recognition(host: SUZHOU, service: ${purpose}) {
              host service decision eligibleFrom policyVersion decidedAt
              reasons { code messageZh messageEn observed required }
              verification { signatureValid keyId issuerTrusted }
            }
          }
          recognitionPolicies { version effectiveFrom effectiveUntil host service requirements { code descriptionZh descriptionEn value } }
        }
      `,
    );
  });

  it('lets schooling see dependants, the residence district and social insurance', () => {
    expectAllowed(
      'SCHOOLING',
      /* GraphQL */ `
        {
          permit(id: "3205082023000000017") {
            dependants { name birthDate }
            residence { districtCode }
            socialInsurance { contributionMonths lastContributionMonth }
            ... on SuzhouPermit { points district }
          }
        }
      `,
    );
  });

  it('refuses residence.address to schooling', () => {
    expect(denied('SCHOOLING', '{ permit(id: "3205082023000000017") { residence { districtCode address } } }')).toEqual([
      'Residence.address',
    ]);
  });

  it('refuses nested dependants to medical billing, each field once', () => {
    const query = /* GraphQL */ `
      {
        a: permit(id: "3101152024000123452") { dependants { name birthDate } }
        b: permit(id: "3301062022000000031") { dependants { name } }
      }
    `;
    expect(denied('MEDICAL_BILLING', query)).toEqual(DEPENDANTS);
  });

  it('names a field by its schema coordinate, whatever its alias', () => {
    expect(denied('PROVIDENT_FUND_WITHDRAWAL', '{ p: permit(id: "1") { kids: dependants { n: name } cover: medicalInsurance { s: status } } }')).toEqual([
      'Dependant.name',
      'MedicalInsurance.status',
      'ResidencePermit.dependants',
      'ResidencePermit.medicalInsurance',
    ]);
  });

  it('counts a field selected on ShanghaiPermit as the ResidencePermit field, and local fields as their own', () => {
    const query = /* GraphQL */ `
      {
        permit(id: "3101152024000123452") {
          ... on ShanghaiPermit { category points providentFund { status } }
          ... on HangzhouPermit { district }
        }
      }
    `;
    expect(denied('MEDICAL_BILLING', query)).toEqual([
      'HangzhouPermit.district',
      'ProvidentFund.status',
      'ResidencePermit.providentFund',
      'ShanghaiPermit.points',
    ]);
  });

  it('follows named fragments, nested fragments and fragments on a permit type', () => {
    const query = /* GraphQL */ `
      query Lookup {
        permits(ids: ["3101152024000123452"]) { id permit { ...Record } error { code } }
      }
      fragment Record on ResidencePermit { status ...Insurance ...Shanghai }
      fragment Insurance on ResidencePermit { medicalInsurance { status } }
      fragment Shanghai on ShanghaiPermit { ...Insurance dependants { birthDate } }
    `;
    expect(denied('SCHOOLING', query)).toEqual(['MedicalInsurance.status', 'ResidencePermit.medicalInsurance']);
    expect(denied('MEDICAL_BILLING', query)).toEqual(['Dependant.birthDate', 'ResidencePermit.dependants']);
  });

  it('walks through recognise items to the permit they reach', () => {
    const query = /* GraphQL */ `
      query ($requests: [RecognitionRequest!]!) {
        recognise(requests: $requests) {
          permitId host service error { code messageEn }
          permit { requestedRecognition { decision } providentFund { contributionMonths } }
        }
      }
    `;
    const variables = { requests: [{ permitId: '3101152024000123452', host: 'SUZHOU', service: 'SCHOOLING' }] };
    expect(denied('SCHOOLING', query, variables)).toEqual(['ProvidentFund.contributionMonths', 'ResidencePermit.providentFund']);
    expect(denied('PROVIDENT_FUND_WITHDRAWAL', query, variables)).toEqual([]);
  });

  describe('@skip and @include', () => {
    const query = /* GraphQL */ `
      query ($withKids: Boolean!, $skipCover: Boolean = true) {
        permit(id: "1") {
          status
          dependants @include(if: $withKids) { name birthDate }
          ...Cover @skip(if: $skipCover)
          ... on SuzhouPermit @include(if: $withKids) { points }
        }
      }
      fragment Cover on ResidencePermit { medicalInsurance { status } }
    `;
    const EVERYTHING = [
      'Dependant.birthDate',
      'Dependant.name',
      'MedicalInsurance.status',
      'ResidencePermit.dependants',
      'ResidencePermit.medicalInsurance',
      'SuzhouPermit.points',
    ];

    it('leaves out what the variables exclude', () => {
      expect(denied('PROVIDENT_FUND_WITHDRAWAL', query, { withKids: false })).toEqual([]);
    });

    it('counts what the variables include, with the operation’s defaults', () => {
      expect(denied('PROVIDENT_FUND_WITHDRAWAL', query, { withKids: true, skipCover: false })).toEqual(EVERYTHING);
    });

    it('counts everything conditional when the variables do not fit the operation', () => {
      expect(denied('PROVIDENT_FUND_WITHDRAWAL', query, {})).toEqual(EVERYTHING);
      expect(denied('PROVIDENT_FUND_WITHDRAWAL', query, { withKids: 'no' })).toEqual(EVERYTHING);
    });

    it('honours literal conditions', () => {
      expect(denied('MEDICAL_BILLING', '{ permit(id: "1") { dependants @skip(if: true) { name } status @include(if: true) } }')).toEqual([]);
    });
  });

  it('checks only the named operation and the fragments it reaches', () => {
    const document = /* GraphQL */ `
      query Fund { permit(id: "1") { ...Fund } }
      query School { permit(id: "1") { ...School } }
      fragment Fund on ResidencePermit { providentFund { status } }
      fragment School on ResidencePermit { dependants { name } }
      fragment Unused on ResidencePermit { residence { address } }
    `;
    expect(denied('PROVIDENT_FUND_WITHDRAWAL', document, {}, 'Fund')).toEqual([]);
    expect(denied('PROVIDENT_FUND_WITHDRAWAL', document, {}, 'School')).toEqual(['Dependant.name', 'ResidencePermit.dependants']);
  });

  it('walks each fragment once however often it is spread', () => {
    // 2^30 selections if expanded; one walk per fragment here.
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on ResidencePermit { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ permit(id: "1") { ...F0 } } ${levels.join('\n')} fragment F30 on ResidencePermit { residence { address } }`;
    expect(denied('SCHOOLING', query)).toEqual(['Residence.address']);
  });

  it('leaves introspection to the schema:explore scope', () => {
    expectAllowed('MEDICAL_BILLING', '{ __schema { types { name fields { name } } } __type(name: "Holder") { name } __typename }');
  });

  it('throws when the document has no such operation', () => {
    expect(() => denied('SCHOOLING', 'query A { regions { region } } query B { regions { region } }')).toThrow(TypeError);
    expect(() => denied('SCHOOLING', '{ regions { region } }', {}, 'Missing')).toThrow(/no operation Missing/);
  });
});
