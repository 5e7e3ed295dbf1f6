import type { PermitRecord } from '../../../../common/permit';
import { recordProblems } from '../recordShape';

const GOOD: PermitRecord = {
  id: '31011520230001234X',
  issuer: 'SHANGHAI',
  issuingAuthorityCode: '310115',
  status: 'VALID',
  validFrom: '2023-06-01',
  validUntil: '2028-06-30',
  residentSince: '2023-06-01',
  holder: { name: '张*三', idNumber: '310***********123X', birthDate: '1988-03-12' },
  dependants: [{ name: '张*', birthDate: '2016-05-20' }],
  residence: { districtCode: '310115', address: '浦东新区******' },
  socialInsurance: { contributionMonths: 34, lastContributionMonth: '2026-03' },
  medicalInsurance: { status: 'ACTIVE' },
  providentFund: { status: 'ACTIVE', contributionMonths: 30 },
};

const broken = (patch: Record<string, unknown>) => ({ ...GOOD, ...patch }) as PermitRecord;

describe('recordProblems', () => {
  it('finds nothing wrong with a well-formed record', () => {
    expect(recordProblems(GOOD, 'SCHOOLING')).toEqual([]);
    expect(recordProblems(GOOD, 'MEDICAL_BILLING')).toEqual([]);
    expect(recordProblems(GOOD, 'PROVIDENT_FUND_WITHDRAWAL')).toEqual([]);
  });

  it('names each malformed field the service reads', () => {
    const record = broken({ validUntil: '2026-02-30', dependants: [{ name: '张*', birthDate: null }], socialInsurance: { contributionMonths: -1 } });
    expect(recordProblems(record, 'SCHOOLING')).toEqual([
      'permit.validUntil: expected an ISO date YYYY-MM-DD',
      'permit.dependants[0].birthDate: expected an ISO date YYYY-MM-DD',
      'permit.socialInsurance.contributionMonths: expected a non-negative integer',
    ]);
  });

  it('ignores fields the service does not read', () => {
    const record = broken({ residentSince: 'n/a', providentFund: null });
    expect(recordProblems(record, 'MEDICAL_BILLING')).toEqual([]);
    expect(recordProblems(record, 'PROVIDENT_FUND_WITHDRAWAL')).toEqual(['permit.providentFund: expected an object']);
  });

  it('rejects a status outside the YRD enum', () => {
    expect(recordProblems(broken({ status: 'PENDING' }), 'MEDICAL_BILLING')).toEqual(['permit.status: expected VALID | EXPIRED | SUSPENDED | REVOKED']);
  });
});
