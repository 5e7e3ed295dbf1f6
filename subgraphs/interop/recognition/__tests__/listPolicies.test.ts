import { join } from 'node:path';
import { listPolicies } from '../listPolicies';
import { loadPolicies, parsePolicies, type Policy } from '../policy';

const POLICIES = loadPolicies(join(__dirname, '..', 'policies.json'));

function requirementValues(rows: ReturnType<typeof listPolicies>): Record<string, string>[] {
  return rows.map((row) => Object.fromEntries(row.requirements.map((r) => [r.code, r.value])));
}

describe('listPolicies', () => {
  it('lists one row per host and service of every version', () => {
    const rows = listPolicies(POLICIES);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 3).map((r) => [r.version, r.effectiveFrom, r.effectiveUntil, r.host, r.service])).toEqual([
      ['2026.1', '2026-01-01', null, 'SHANGHAI', 'SCHOOLING'],
      ['2026.1', '2026-01-01', null, 'SHANGHAI', 'MEDICAL_BILLING'],
      ['2026.1', '2026-01-01', null, 'SHANGHAI', 'PROVIDENT_FUND_WITHDRAWAL'],
    ]);
  });

  it("states each host's own thresholds", () => {
    const schooling = listPolicies(POLICIES, { service: 'SCHOOLING' });
    expect(schooling.map((r) => r.host)).toEqual(['SHANGHAI', 'SUZHOU', 'HANGZHOU', 'ANHUI']);
    expect(requirementValues(schooling).map((v) => [v.RESIDENCE_MONTHS, v.SOCIAL_INSURANCE_MONTHS, v.CHILD_AGE])).toEqual([
      ['12', '12', '6-15'], ['6', '6', '6-15'], ['12', '12', '6-15'], ['6', '6', '6-15'],
    ]);
    const fund = listPolicies(POLICIES, { service: 'PROVIDENT_FUND_WITHDRAWAL' });
    expect(requirementValues(fund).map((v) => v.FUND_MONTHS)).toEqual(['6', '3', '6', '3']);
  });

  it('lists the requirements of one host and service in words a resident can read', () => {
    const [row] = listPolicies(POLICIES, { host: 'SUZHOU', service: 'SCHOOLING' });
    expect(row?.requirements).toEqual([
      expect.objectContaining({ code: 'ISSUER_SIGNATURE', value: 'Ed25519' }),
      expect.objectContaining({ code: 'PERMIT_STATUS', value: 'VALID' }),
      expect.objectContaining({ code: 'PERMIT_NOT_EXPIRED', value: '0' }),
      {
        code: 'RESIDENCE_MONTHS',
        value: '6',
        descriptionZh: '持证连续居住满6个月（差1个月以内的转人工复核）',
        descriptionEn: 'At least 6 months of continuous residence on the permit (up to 1 month short: referred for review)',
      },
      expect.objectContaining({ code: 'SOCIAL_INSURANCE_MONTHS', value: '6' }),
      {
        code: 'CHILD_AGE',
        value: '6-15',
        descriptionZh: '居住证上至少有一名随迁子女在决定年度8月31日年满6至15周岁',
        descriptionEn: 'At least one child on the permit aged 6 to 15 on 31 August of the decision year',
      },
    ]);
  });

  it('states the medical grace period and the fund account rule', () => {
    const [medical] = requirementValues(listPolicies(POLICIES, { host: 'ANHUI', service: 'MEDICAL_BILLING' }));
    expect(medical).toEqual({ ISSUER_SIGNATURE: 'Ed25519', PERMIT_STATUS: 'VALID', PERMIT_NOT_EXPIRED: '30', MEDICAL_INSURANCE_STATUS: 'ACTIVE' });
    const [fund] = requirementValues(listPolicies(POLICIES, { host: 'ANHUI', service: 'PROVIDENT_FUND_WITHDRAWAL' }));
    expect(fund).toMatchObject({ PERMIT_NOT_EXPIRED: '0', FUND_ACCOUNT_STATUS: 'ACTIVE,SEALED', FUND_MONTHS: '3' });
  });

  it('gives every requirement a Chinese and an English description', () => {
    for (const row of listPolicies(POLICIES)) {
      for (const r of row.requirements) {
        expect(r.descriptionZh).toMatch(/\p{Script=Han}/u);
        expect(r.descriptionEn).toMatch(/^[A-Z]/);
      }
    }
  });

  describe('by date', () => {
    const shipped = POLICIES.policies[0] as Policy;
    const versions = parsePolicies([
      { ...shipped, effectiveUntil: '2026-06-30' },
      { ...shipped, version: '2026.2', effectiveFrom: '2026-07-01', global: { ...shipped.global, nearThresholdMonths: 0 } },
    ]);

    it('lists only the version in effect on the date', () => {
      expect(new Set(listPolicies(versions, { date: '2026-06-30' }).map((r) => r.version))).toEqual(new Set(['2026.1']));
      expect(new Set(listPolicies(versions, { date: '2026-07-01' }).map((r) => r.version))).toEqual(new Set(['2026.2']));
      expect(listPolicies(versions)).toHaveLength(24);
    });

    it('lists nothing before the first version', () => {
      expect(listPolicies(versions, { date: '2025-12-31' })).toEqual([]);
    });

    it('leaves out the review note when the policy allows no margin', () => {
      const [row] = listPolicies(versions, { date: '2026-07-01', host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL' });
      expect(row?.requirements.find((r) => r.code === 'FUND_MONTHS')?.descriptionEn).toBe(
        'At least 6 months of continuous provident-fund contributions',
      );
    });

    it('rejects a date that is not YYYY-MM-DD', () => {
      expect(() => listPolicies(versions, { date: 'today' })).toThrow(RangeError);
    });
  });
});
