import { ageOn } from '../../common/dates';
import type { SignedPermit } from '../../common/permit';
import { parsePermitNumber } from '../../common/permitNumber';
import { REGIONS } from '../../common/regions';
import { openPermitSignature, verifyIssuerSigned, verifyPermit } from '../../common/signing';
import { generateRegistry } from '../generate';
import { mockKeyPair } from '../../common/mockIssuerKeys';
import { SCENARIO_SPECS } from '../scenarioPermits';
import { loadScenarios, type Scenario } from '../scenarios';
import {
  AS_OF,
  checkSignature,
  daysLeft,
  defaultRegistry,
  hasEligibleChild,
  residenceMonths,
  type SignatureCheck,
} from './helpers';

const scenarios = loadScenarios();
const registered = scenarios.filter((s) => s.registered);

/** What each scenario must show on the decision date `date` (= its as-of date). */
type Expectation = (p: SignedPermit, date: string, signature: SignatureCheck) => void;

/** In force, more than 30 days left, verified, medical and fund active, every month count above every threshold. */
function expectClean(p: SignedPermit, date: string, signature: SignatureCheck, except: string[] = []): void {
  const skip = new Set(except);
  if (!skip.has('status')) expect(p.status).toBe('VALID');
  if (!skip.has('validity')) expect(daysLeft(p, date)).toBeGreaterThan(30);
  if (!skip.has('signature')) expect(signature).toBe('VALID');
  if (!skip.has('residence')) expect(residenceMonths(p, date)).toBeGreaterThanOrEqual(13);
  if (!skip.has('socialInsurance')) expect(p.socialInsurance.contributionMonths).toBeGreaterThanOrEqual(13);
  if (!skip.has('medical')) expect(p.medicalInsurance.status).toBe('ACTIVE');
  if (!skip.has('fund')) expect(p.providentFund).toEqual({ status: 'ACTIVE', contributionMonths: expect.any(Number) });
  if (!skip.has('fundMonths')) expect(p.providentFund.contributionMonths).toBeGreaterThanOrEqual(7);
}

const familyValid: Expectation = (p, date, signature) => {
  expectClean(p, date, signature);
  expect(hasEligibleChild(p, date)).toBe(true);
};

const EXPECTATIONS: Record<string, Expectation> = {
  'sh-family-valid': familyValid,
  'sz-family-valid': familyValid,
  'hz-family-valid': familyValid,
  'ah-family-valid': familyValid,
  'sh-revoked': (p, date, signature) => {
    expectClean(p, date, signature, ['status']);
    expect(p.status).toBe('REVOKED');
  },
  'sz-suspended': (p, date, signature) => {
    expectClean(p, date, signature, ['status']);
    expect(p.status).toBe('SUSPENDED');
  },
  'hz-status-expired': (p, date, signature) => {
    expectClean(p, date, signature, ['status', 'validity']);
    expect(p.status).toBe('EXPIRED');
    expect(daysLeft(p, date)).toBe(-95);
  },
  'ah-grace-period': (p, date, signature) => {
    expectClean(p, date, signature, ['validity']);
    expect(daysLeft(p, date)).toBe(-10);
  },
  'sh-expires-soon': (p, date, signature) => {
    expectClean(p, date, signature, ['validity']);
    expect(daysLeft(p, date)).toBe(10);
    expect(hasEligibleChild(p, date)).toBe(true);
  },
  'hz-near-threshold': (p, date, signature) => {
    expectClean(p, date, signature, ['socialInsurance']);
    expect(residenceMonths(p, date)).toBe(20);
    expect(p.socialInsurance.contributionMonths).toBe(11);
    expect(hasEligibleChild(p, date)).toBe(true);
  },
  'ah-no-eligible-child': (p, date, signature) => {
    expectClean(p, date, signature);
    expect(p.dependants.length).toBeGreaterThan(0);
    expect(hasEligibleChild(p, date)).toBe(false);
    const aug31 = `${date.slice(0, 4)}-08-31`;
    expect(p.dependants.map((d) => ageOn(d.birthDate, aug31))).toEqual([19, 16]);
    expect(p.dependants[1]?.birthDate.endsWith('-08-31')).toBe(true);
  },
  'sz-child-six-on-aug-31': (p, date, signature) => {
    expectClean(p, date, signature);
    expect(p.dependants).toHaveLength(1);
    expect(p.dependants[0]?.birthDate).toBe(`${Number(date.slice(0, 4)) - 6}-08-31`);
    expect(hasEligibleChild(p, date)).toBe(true);
  },
  'sz-medical-none': (p, date, signature) => {
    expectClean(p, date, signature, ['medical']);
    expect(p.medicalInsurance.status).toBe('NONE');
  },
  'hz-fund-closed': (p, date, signature) => {
    expectClean(p, date, signature, ['fund']);
    expect(p.providentFund.status).toBe('CLOSED');
  },
  'sh-fund-sealed': (p, date, signature) => {
    expectClean(p, date, signature, ['fund']);
    expect(p.providentFund).toEqual({ status: 'SEALED', contributionMonths: 36 });
  },
  'ah-fund-two-months': (p, date, signature) => {
    expectClean(p, date, signature, ['fundMonths']);
    expect(p.providentFund).toEqual({ status: 'ACTIVE', contributionMonths: 2 });
  },
  'sz-tampered-signature': (p, date, signature) => {
    expectClean(p, date, signature, ['signature']);
    expect(signature).toBe('INVALID');
    expect(p.socialInsurance.contributionMonths).toBe(20);
    // The signed part is genuine; the forger's disclosure of 20 months is not among its digests.
    const key = mockKeyPair(p.signature.keyId).publicKey;
    expect(verifyIssuerSigned(p.signature.issuerSigned, key)).toBe(true);
    expect(openPermitSignature(p.signature, (jws) => verifyIssuerSigned(jws, key))).toMatchObject({
      ok: false,
      problem: 'disclosure socialInsurance is not signed',
    });
  },
  'hz-expired-signing-key': (p, date, signature) => {
    expectClean(p, date, signature, ['signature']);
    expect(p.signature.keyId).toBe('HZ-2024-01');
    expect(signature).toBe('KEY_NOT_IN_FORCE');
    // The bytes are a good signature by that key: only the key's validity when signing fails.
    expect(verifyPermit(p, p.signature, mockKeyPair('HZ-2024-01').publicKey)).toBe(true);
  },
  'ah-unknown-signing-key': (p, date, signature) => {
    expectClean(p, date, signature, ['signature']);
    expect(p.signature.keyId).toBe('ROGUE-01');
    expect(signature).toBe('UNKNOWN_KEY');
  },
};

describe('scenario permits', () => {
  it('has a spec for every registered scenario and a scenario for every spec', () => {
    expect(Object.keys(SCENARIO_SPECS).sort()).toEqual(registered.map((s) => s.name).sort());
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(registered.map((s) => s.name).sort());
  });

  it('covers every region with a family permit recognised everywhere', () => {
    for (const region of REGIONS) {
      expect(registered.filter((s) => s.region === region).map((s) => s.name)).toContain(
        `${{ SHANGHAI: 'sh', SUZHOU: 'sz', HANGZHOU: 'hz', ANHUI: 'ah' }[region]}-family-valid`,
      );
    }
  });

  it.each(REGIONS)('come first in the %s registry, in scenarios.json order', (region) => {
    const ids = registered.filter((s) => s.region === region).map((s) => s.permitId);
    expect(defaultRegistry(region).slice(0, ids.length).map((p) => p.id)).toEqual(ids);
  });

  describe.each([AS_OF, '2027-06-15'])('as of %s', (date) => {
    const byId = new Map<string, SignedPermit>();
    beforeAll(() => {
      for (const region of REGIONS) {
        const permits = date === AS_OF ? defaultRegistry(region) : generateRegistry(region, { asOf: date, size: 0 });
        for (const p of permits) byId.set(p.id, p);
      }
    });

    it.each(registered.map((s) => [s.name, s] as [string, Scenario]))('%s shows what it says', (name, s) => {
      const permit = byId.get(s.permitId);
      if (!permit) throw new Error(`${name} is not in the ${s.region} registry`);
      expect(permit.issuer).toBe(s.region);
      EXPECTATIONS[name]?.(permit, date, checkSignature(permit, date));
    });
  });

  describe('numbers that reach no registry', () => {
    const byName = (name: string) => scenarios.find((s) => s.name === name) as Scenario;

    it('sh-unregistered is a well-formed Shanghai number no registry holds', () => {
      const s = byName('sh-unregistered');
      expect(s).toMatchObject({ region: 'SHANGHAI', registered: false });
      expect(parsePermitNumber(s.permitId)).toMatchObject({ ok: true, region: 'SHANGHAI' });
      for (const region of REGIONS) expect(defaultRegistry(region).some((p) => p.id === s.permitId)).toBe(false);
    });

    it('beijing-unknown-issuer is well formed but issued by an unconnected region', () => {
      const s = byName('beijing-unknown-issuer');
      expect(s).toMatchObject({ region: null, registered: false });
      expect(parsePermitNumber(s.permitId)).toMatchObject({ ok: false, code: 'UNKNOWN_ISSUER', adminCode: '110101' });
    });

    it('malformed-number is sh-family-valid with a digit left out', () => {
      const s = byName('malformed-number');
      expect(s.region).toBeNull();
      expect(s.permitId).toHaveLength(18);
      expect(parsePermitNumber(s.permitId)).toMatchObject({ ok: false, code: 'INVALID_PERMIT_NUMBER' });
    });

    it('wrong-check-character is sh-family-valid with another check character', () => {
      const s = byName('wrong-check-character');
      const valid = byName('sh-family-valid').permitId;
      expect(s.region).toBeNull();
      expect(s.permitId.slice(0, 18)).toBe(valid.slice(0, 18));
      expect(s.permitId).not.toBe(valid);
      expect(parsePermitNumber(s.permitId)).toEqual({
        ok: false,
        code: 'INVALID_PERMIT_NUMBER',
        reason: 'check character does not match',
      });
    });
  });
});
