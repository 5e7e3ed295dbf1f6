import { ageOn, monthsBetween } from '../../common/dates';
import type { SignedPermit } from '../../common/permit';
import { parsePermitNumber } from '../../common/permitNumber';
import { REGIONS, type Region } from '../../common/regions';
import { GENERATE_DEFAULTS, generateRegistry, registryIds } from '../generate';
import { districtByCode } from '../places';
import { loadScenarios } from '../scenarios';
import { AS_OF, TEST_SALT_KEY, checkSignature, daysLeft, defaultRegistry, hasEligibleChild, residenceMonths } from './helpers';

const isClean = (p: SignedPermit) =>
  p.status === 'VALID' && daysLeft(p, AS_OF) > 30 && checkSignature(p, AS_OF) === 'VALID';
const isValidWithDaysLeft = (p: SignedPermit, min: number, max: number, date = AS_OF) =>
  p.status === 'VALID' && daysLeft(p, date) >= min && daysLeft(p, date) <= max;

/** Every edge of docs/domain.md, with the least count a 5000-record region must hold. */
const EDGES: Record<string, [min: number, test: (p: SignedPermit) => boolean]> = {
  'status EXPIRED': [50, (p) => p.status === 'EXPIRED'],
  'status SUSPENDED': [50, (p) => p.status === 'SUSPENDED'],
  'status REVOKED': [50, (p) => p.status === 'REVOKED'],
  'VALID but validUntil past': [100, (p) => p.status === 'VALID' && daysLeft(p, AS_OF) < 0],
  'VALID, expired 30 days or less (medical grace)': [50, (p) => isValidWithDaysLeft(p, -30, -1)],
  'VALID, expired more than 30 days': [30, (p) => p.status === 'VALID' && daysLeft(p, AS_OF) < -30],
  'VALID, 30 days or less left': [50, (p) => isValidWithDaysLeft(p, 0, 30)],
  'residence 11 months': [50, (p) => residenceMonths(p, AS_OF) === 11],
  'residence 12 months': [20, (p) => residenceMonths(p, AS_OF) === 12],
  'residence 5 months': [50, (p) => residenceMonths(p, AS_OF) === 5],
  'residence 6 months': [20, (p) => residenceMonths(p, AS_OF) === 6],
  'residence 4 months or less': [50, (p) => residenceMonths(p, AS_OF) <= 4],
  'social insurance 11 months': [50, (p) => p.socialInsurance.contributionMonths === 11],
  'social insurance 5 months': [50, (p) => p.socialInsurance.contributionMonths === 5],
  'social insurance 4 months or less': [50, (p) => p.socialInsurance.contributionMonths <= 4],
  'social insurance never paid': [5, (p) => p.socialInsurance.lastContributionMonth === null],
  'fund 5 months': [50, (p) => p.providentFund.contributionMonths === 5],
  'fund 2 months': [50, (p) => p.providentFund.contributionMonths === 2],
  'fund 1 month or less': [50, (p) => p.providentFund.contributionMonths <= 1],
  'no dependants': [500, (p) => p.dependants.length === 0],
  'children but none aged 6-15': [300, (p) => p.dependants.length > 0 && !hasEligibleChild(p, AS_OF)],
  'child born on 31 August': [20, (p) => p.dependants.some((d) => d.birthDate.endsWith('-08-31'))],
  'child born on 1 September': [20, (p) => p.dependants.some((d) => d.birthDate.endsWith('-09-01'))],
  'medical SUSPENDED': [50, (p) => p.medicalInsurance.status === 'SUSPENDED'],
  'medical NONE': [50, (p) => p.medicalInsurance.status === 'NONE'],
  'fund SEALED': [100, (p) => p.providentFund.status === 'SEALED'],
  'fund CLOSED': [100, (p) => p.providentFund.status === 'CLOSED'],
  'signature altered after signing': [30, (p) => checkSignature(p, AS_OF) === 'INVALID'],
  'signed with the expired key': [5, (p) => checkSignature(p, AS_OF) === 'KEY_NOT_IN_FORCE'],
  'signed with a key in no registry': [5, (p) => checkSignature(p, AS_OF) === 'UNKNOWN_KEY'],
  'clean, social insurance 11 months': [30, (p) => isClean(p) && p.socialInsurance.contributionMonths === 11],
  'clean, residence 5 months': [20, (p) => isClean(p) && residenceMonths(p, AS_OF) === 5],
  'clean, fund 2 months': [30, (p) => isClean(p) && p.providentFund.contributionMonths === 2],
  'clean, with a child aged 6-15 and every month count above 12': [
    1000,
    (p) =>
      isClean(p) &&
      hasEligibleChild(p, AS_OF) &&
      residenceMonths(p, AS_OF) >= 13 &&
      p.socialInsurance.contributionMonths >= 13 &&
      p.providentFund.contributionMonths >= 7,
  ],
};

describe('generateRegistry', () => {
  it('defaults to seed yrd-2026, 5000 records, as of 2026-11-01', () => {
    expect(GENERATE_DEFAULTS).toEqual({ seed: 'yrd-2026', size: 5000, asOf: AS_OF });
    for (const region of REGIONS) expect(defaultRegistry(region)).toHaveLength(5000);
  });

  it('gives byte-identical output for the same seed and salt key', () => {
    expect(JSON.stringify(generateRegistry('SHANGHAI', { saltKey: TEST_SALT_KEY }))).toBe(JSON.stringify(defaultRegistry('SHANGHAI')));
    const small = { seed: 'other', size: 300, saltKey: TEST_SALT_KEY };
    expect(JSON.stringify(generateRegistry('ANHUI', small))).toBe(JSON.stringify(generateRegistry('ANHUI', small)));
  });

  it('salts every registry afresh without a salt key: the same records, other disclosures', () => {
    const [a, b] = [generateRegistry('HANGZHOU', { size: 50 }), generateRegistry('HANGZHOU', { size: 50 })];
    const withoutSignature = (permits: SignedPermit[]) => permits.map(({ signature: _signature, ...rest }) => rest);
    expect(withoutSignature(b)).toEqual(withoutSignature(a));
    a.forEach((permit, i) => expect(b[i]?.signature.disclosures.medicalInsurance).not.toBe(permit.signature.disclosures.medicalInsurance));
  });

  it('gives different records for a different seed, but the same scenario permits', () => {
    const scenarios = loadScenarios().filter((s) => s.registered && s.region === 'SUZHOU').length;
    const a = generateRegistry('SUZHOU', { size: 400, saltKey: TEST_SALT_KEY });
    const b = generateRegistry('SUZHOU', { size: 400, seed: 'yrd-2026-b', saltKey: TEST_SALT_KEY });
    expect(b.slice(0, scenarios)).toEqual(a.slice(0, scenarios));
    const idsA = new Set(a.slice(scenarios).map((p) => p.id));
    expect(b.slice(scenarios).filter((p) => idsA.has(p.id))).toHaveLength(0);
  });

  it('gives different records per region for the same seed', () => {
    const sh = defaultRegistry('SHANGHAI').map((p) => p.id);
    const sz = new Set(defaultRegistry('SUZHOU').map((p) => p.id));
    expect(sh.filter((id) => sz.has(id))).toHaveLength(0);
  });

  it('lists the ids of a registry in its order without signing it (registryIds)', () => {
    const options = { size: 300, asOf: '2028-03-01' };
    expect(registryIds('SUZHOU', options)).toEqual(generateRegistry('SUZHOU', options).map((p) => p.id));
    expect(registryIds('SHANGHAI')).toEqual(defaultRegistry('SHANGHAI').map((p) => p.id));
  });

  it('honours the size, scenario permits first', () => {
    const scenarios = loadScenarios().filter((s) => s.registered && s.region === 'HANGZHOU').length;
    const small = generateRegistry('HANGZHOU', { size: 50, saltKey: TEST_SALT_KEY });
    expect(small).toHaveLength(50);
    // The plan of edges depends on the size, so only the scenario permits are shared.
    expect(small.slice(0, scenarios)).toEqual(defaultRegistry('HANGZHOU').slice(0, scenarios));
  });

  it('always holds the scenario permits, even when asked for fewer records', () => {
    const expected = loadScenarios().filter((s) => s.registered && s.region === 'SHANGHAI');
    expect(generateRegistry('SHANGHAI', { size: 0 }).map((p) => p.id)).toEqual(expected.map((s) => s.permitId));
  });

  it('rejects a bad size or as-of date', () => {
    expect(() => generateRegistry('SHANGHAI', { size: -1 })).toThrow(RangeError);
    expect(() => generateRegistry('SHANGHAI', { size: 1.5 })).toThrow(RangeError);
    expect(() => generateRegistry('SHANGHAI', { asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateRegistry('BEIJING' as Region)).toThrow(RangeError);
  });

  describe.each(REGIONS)('%s', (region) => {
    const permits = () => defaultRegistry(region);

    it('issues unique, well-formed numbers of this region, first issued 2015-2026', () => {
      const ids = permits().map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const wrong = permits().filter((p) => {
        const parsed = parsePermitNumber(p.id);
        return (
          !parsed.ok ||
          parsed.region !== region ||
          parsed.permit.year < 2015 ||
          parsed.permit.year > 2026 ||
          p.issuer !== region ||
          p.issuingAuthorityCode !== p.id.slice(0, 6)
        );
      });
      expect(wrong.map((p) => p.id)).toEqual([]);
    });

    it.each(Object.entries(EDGES))('holds the edge "%s" in meaningful numbers', (_name, [min, test]) => {
      expect(permits().filter(test).length).toBeGreaterThanOrEqual(min);
    });

    it('is mostly valid and positive', () => {
      const clean = permits().filter(isClean).length;
      expect(clean / permits().length).toBeGreaterThan(0.75);
    });

    it('has between 0.5% and 2% records whose signature does not verify, most of them altered', () => {
      const checks = permits().map((p) => checkSignature(p, AS_OF));
      const bad = checks.filter((c) => c !== 'VALID').length;
      expect(bad / checks.length).toBeGreaterThanOrEqual(0.005);
      expect(bad / checks.length).toBeLessThanOrEqual(0.02);
      const altered = checks.filter((c) => c === 'INVALID').length;
      expect(altered / checks.length).toBeGreaterThanOrEqual(0.008);
      expect(altered / checks.length).toBeLessThanOrEqual(0.012);
    });

    it('keeps dates consistent: residence before validity, issued by the as-of date', () => {
      const wrong = permits().filter((p) => {
        const age = ageOn(p.holder.birthDate, AS_OF);
        return (
          !(p.residentSince <= p.validFrom && p.validFrom <= AS_OF && p.validFrom < p.validUntil) ||
          age < 20 ||
          age > 60 ||
          p.dependants.length > 3 ||
          p.dependants.some((d) => d.birthDate > AS_OF)
        );
      });
      expect(wrong.map((p) => p.id)).toEqual([]);
    });

    it('never has more contribution months than months of residence, unless altered', () => {
      const wrong = permits().filter((p) => {
        const months = monthsBetween(p.residentSince, AS_OF);
        return (
          checkSignature(p, AS_OF) !== 'INVALID' &&
          (p.socialInsurance.contributionMonths > months || p.providentFund.contributionMonths > months)
        );
      });
      expect(wrong.map((p) => p.id)).toEqual([]);
    });

    it('holds only masked names, IDs and addresses', () => {
      const masked = (name: string) => /^[^*]\*\*$/u.test(name);
      const wrong = permits().filter((p) => {
        const district = districtByCode(p.residence.districtCode);
        const personal = JSON.stringify([p.holder, p.dependants, p.residence, p.local]);
        return (
          !masked(p.holder.name) ||
          !p.dependants.every((d) => masked(d.name)) ||
          !/^\*{14}\d{3}[\dX]$/.test(p.holder.idNumber) ||
          !district.code.startsWith(p.id.slice(0, 2)) ||
          !new RegExp(`^${district.name}\\*{6}$`).test(p.residence.address) ||
          /\d{17}[\dX]/.test(personal)
        );
      });
      expect(wrong).toEqual([]);
    });

    it('carries exactly the local extension fields of the region', () => {
      const expected = (p: SignedPermit): Record<string, unknown> => {
        const district = districtByCode(p.issuingAuthorityCode);
        switch (region) {
          case 'SHANGHAI':
            return { category: expect.stringMatching(/^[ABC]$/), points: expect.any(Number) };
          case 'ANHUI':
            return { issuingCityCode: district.cityCode, issuingCityName: district.cityName };
          default:
            return { points: expect.any(Number), district: district.name };
        }
      };
      expect(permits().map((p) => p.local)).toStrictEqual(permits().map(expected));
      expect(permits().every((p) => p.local.points === undefined || Number.isInteger(p.local.points))).toBe(true);
    });
  });

  it('computes every relative date from asOf, not from the clock', () => {
    const later = generateRegistry('ANHUI', { size: 2000, asOf: '2030-03-15' });
    expect(later.filter((p) => isValidWithDaysLeft(p, 0, 30, '2030-03-15')).length).toBeGreaterThan(20);
    expect(later.filter((p) => residenceMonths(p, '2030-03-15') === 11).length).toBeGreaterThan(20);
    expect(later.every((p) => p.validFrom <= '2030-03-15')).toBe(true);
  });
});
