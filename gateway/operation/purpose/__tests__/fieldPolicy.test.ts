import { isInterfaceType, isObjectType } from 'graphql';
import { DISCLOSURE_NAMES } from '../../../../common/signing';
import { SERVICES, type Service } from '../../../../common/services';
import { FIELD_POLICY, PURPOSE_FREE_ROOT_FIELDS, isFieldAllowed } from '../fieldPolicy';
import { apiSchema } from './apiSchema';

const schema = apiSchema();

/** Every field of the API schema as the policy names it (a permit type's common field as ResidencePermit's). */
function schemaCoordinates(): string[] {
  return Object.values(schema.getTypeMap())
    .filter((t) => !t.name.startsWith('__'))
    .filter((t) => isObjectType(t) || isInterfaceType(t))
    .flatMap((t) =>
      Object.keys(t.getFields()).map((field) => {
        const declaring = t.getInterfaces().find((i) => Object.hasOwn(i.getFields(), field));
        return `${declaring?.name ?? t.name}.${field}`;
      }),
    );
}

const permitted = (purpose: Service) =>
  Object.entries(FIELD_POLICY.ResidencePermit ?? {})
    .filter(([, audience]) => audience.includes(purpose))
    .map(([field]) => field)
    .sort();

describe('FIELD_POLICY', () => {
  it('decides every field of the API schema', () => {
    const undecided = schemaCoordinates().filter((c) => {
      const [type = '', field = ''] = c.split('.');
      return !FIELD_POLICY[type] || !Object.hasOwn(FIELD_POLICY[type], field);
    });
    expect(undecided).toEqual([]);
  });

  it('names only fields the API schema has', () => {
    const known = new Set(schemaCoordinates());
    const stale = Object.entries(FIELD_POLICY).flatMap(([type, fields]) =>
      Object.keys(fields).map((field) => `${type}.${field}`).filter((c) => !known.has(c)),
    );
    expect(stale).toEqual([]);
  });

  it('gives each purpose the permit fields docs/domain.md grants it', () => {
    const common = ['holder', 'id', 'issuer', 'issuingAuthorityCode', 'recognition', 'requestedRecognition', 'residentSince', 'signature', 'status', 'validFrom', 'validUntil'];
    expect(permitted('SCHOOLING')).toEqual([...common, 'dependants', 'residence', 'socialInsurance'].sort());
    expect(permitted('MEDICAL_BILLING')).toEqual([...common, 'medicalInsurance'].sort());
    expect(permitted('PROVIDENT_FUND_WITHDRAWAL')).toEqual([...common, 'providentFund'].sort());
  });

  it.each(SERVICES)('shows the full address and the holder\'s birth date to nobody (%s)', (purpose) => {
    expect(isFieldAllowed('Residence.address', purpose)).toBe(false);
    expect(isFieldAllowed('Holder.birthDate', purpose)).toBe(false);
    expect(isFieldAllowed('PermitDisclosures.residenceAddress', purpose)).toBe(false);
    expect(isFieldAllowed('PermitDisclosures.holderBirthDate', purpose)).toBe(false);
  });

  it('gives each disclosure to exactly the purposes that may see its fields', () => {
    const disclosed = (purpose: Service) => DISCLOSURE_NAMES.filter((d) => isFieldAllowed(`PermitDisclosures.${d}`, purpose));
    expect(disclosed('SCHOOLING')).toEqual(['holderName', 'holderIdNumber', 'dependants', 'residenceDistrictCode', 'socialInsurance']);
    expect(disclosed('MEDICAL_BILLING')).toEqual(['holderName', 'holderIdNumber', 'medicalInsurance']);
    expect(disclosed('PROVIDENT_FUND_WITHDRAWAL')).toEqual(['holderName', 'holderIdNumber', 'providentFund']);
  });

  it('refuses fields it does not name, and never reads inherited properties', () => {
    expect(isFieldAllowed('ResidencePermit.bankAccount', 'SCHOOLING')).toBe(false);
    expect(isFieldAllowed('Query.constructor', 'SCHOOLING')).toBe(false);
    expect(isFieldAllowed('toString.valueOf', 'SCHOOLING')).toBe(false);
    expect(isFieldAllowed('Holder', 'SCHOOLING')).toBe(false);
  });

  it('frees only root fields that read no permit from X-Purpose', () => {
    const roots = Object.keys(schema.getQueryType()?.getFields() ?? {});
    expect(PURPOSE_FREE_ROOT_FIELDS.filter((f) => !roots.includes(f))).toEqual([]);
    for (const readsPermits of ['permit', 'permits', 'recognise']) expect(PURPOSE_FREE_ROOT_FIELDS).not.toContain(readsPermits);
  });
});
