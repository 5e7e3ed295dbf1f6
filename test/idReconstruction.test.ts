import { mod11_2CheckChar } from '../common/checkChar';
import { addDays, addYears, daysBetween } from '../common/dates';
import type { SignedPermit } from '../common/permit';
import { REGIONS } from '../common/regions';
import { formatResidentId } from '../common/residentId';
import { SERVICES } from '../common/services';
import { isFieldAllowed } from '../gateway/operation/purpose/fieldPolicy';
import { generateRegistry } from '../mocks/generate';
import { DISTRICTS, ORIGIN_CODES } from '../mocks/places';
import { SCENARIO_SPECS } from '../mocks/scenarioPermits';
import { loadScenarios } from '../mocks/scenarios';

/*
 * The attack of a partner who wants the holder's full resident ID number back: take the
 * masked ID, every other field any purpose releases, the check character and the list of
 * area codes, and count the ID numbers that fit. Masking holds when at least 1,000 remain
 * for every scenario permit (docs/domain.md, "Masking").
 *
 * The attacker's list of area codes is every code the mock registries know (hukou
 * origins and the delta's districts, ~100): a real attacker knows all ~3,200 of China,
 * so the counts here are a lower bound.
 */

const AS_OF = '2026-11-01';
const AREA_CODES = [...new Set([...ORIGIN_CODES.map(([code]) => code), ...Object.values(DISTRICTS).flat().map((d) => d.code)])];

/** What leaves the gateway for some purpose (the union over purposes: a partner may hold several). */
const released = (coordinate: string) => SERVICES.some((purpose) => isFieldAllowed(coordinate, purpose));

// GB 11643: digit i (0-based, 17 digits) weighs 2^(17-i) mod 11; the check character
// is (12 - sum mod 11) mod 11. Sums of the area, date and serial parts add up, so the
// candidates can be counted by residue instead of one by one.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const partialSum = (digits: string, offset: number) =>
  [...digits].reduce((sum, d, i) => sum + Number(d) * (WEIGHTS[offset + i] as number), 0) % 11;
const checkOf = (sum: number) => {
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
};

interface View {
  /** The ID as released: `*` where hidden. */
  idNumber: string;
  /** The holder's birth date, when any purpose sees it. */
  birthDate: string | null;
  /** Dependants' birth dates, when any purpose sees them: a parent is older than the child. */
  childBirthDates: string[];
}

/** Every ID number consistent with what the partner saw, counted by residue. */
function candidates(view: View): number {
  const visible = (from: number, to: number) => view.idNumber.slice(from, to);
  const fits = (digits: string, shown: string) => [...shown].every((c, i) => c === '*' || c === digits[i]);
  const areas = AREA_CODES.filter((a) => fits(a, visible(0, 6)));
  // An adult holder (16 to 80), at least 15 years older than the eldest child.
  const eldest = view.childBirthDates.sort()[0];
  const latest = [addYears(AS_OF, -16), ...(eldest ? [addYears(eldest, -15)] : [])].sort()[0] as string;
  const earliest = addYears(AS_OF, -80);
  const dates = view.birthDate
    ? [view.birthDate]
    : Array.from({ length: daysBetween(earliest, latest) + 1 }, (_, i) => addDays(earliest, i));
  const dateDigits = dates.map((d) => d.replaceAll('-', '')).filter((d) => fits(d, visible(6, 14)));
  const serials = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0')).filter((s) => fits(s, visible(14, 17)));
  const byResidue = (list: string[], offset: number) => {
    const counts = new Array<number>(11).fill(0);
    for (const digits of list) counts[partialSum(digits, offset)]! += 1;
    return counts;
  };
  const [a, d, s] = [byResidue(areas, 0), byResidue(dateDigits, 6), byResidue(serials, 14)];
  const check = visible(17, 18);
  let total = 0;
  for (let ra = 0; ra < 11; ra++) {
    for (let rd = 0; rd < 11; rd++) {
      for (let rs = 0; rs < 11; rs++) {
        if (check === '*' || checkOf(ra + rd + rs) === check) total += a[ra]! * d[rd]! * s[rs]!;
      }
    }
  }
  return total;
}

const scenarios = loadScenarios().filter((s) => s.registered);
const permits = new Map<string, SignedPermit>(
  REGIONS.flatMap((region) => generateRegistry(region, { size: 0, asOf: AS_OF })).map((p) => [p.id, p]),
);

describe.each(scenarios.map((s) => [s.name, s] as const))('the holder ID of %s', (name, scenario) => {
  const permit = permits.get(scenario.permitId)!;
  const spec = SCENARIO_SPECS[name]!;
  const trueId = formatResidentId(spec.holder.originCode, permit.holder.birthDate, spec.holder.sequence);
  const view: View = {
    idNumber: released('Holder.idNumber') ? permit.holder.idNumber : '*'.repeat(18),
    birthDate: released('Holder.birthDate') ? permit.holder.birthDate : null,
    childBirthDates: released('Dependant.birthDate') ? permit.dependants.map((d) => d.birthDate) : [],
  };

  it('counts candidates the way the check character is computed', () => {
    const sum = partialSum(trueId.slice(0, 6), 0) + partialSum(trueId.slice(6, 14), 6) + partialSum(trueId.slice(14, 17), 14);
    expect(checkOf(sum)).toBe(mod11_2CheckChar(trueId.slice(0, 17)));
    // The attacker's model holds the truth: the released mask is of this ID.
    expect(trueId.endsWith(permit.holder.idNumber.replaceAll('*', ''))).toBe(true);
  });

  it('leaves at least 1,000 ID numbers that fit everything released', () => {
    expect(candidates(view)).toBeGreaterThanOrEqual(1000);
  });

  it('would have left fewer than 10 under the old mask (first 3 and last 4, birth date released): the attack is real', () => {
    const oldMask = `${trueId.slice(0, 3)}${'*'.repeat(11)}${trueId.slice(-4)}`;
    expect(candidates({ idNumber: oldMask, birthDate: permit.holder.birthDate, childBirthDates: [] })).toBeLessThan(10);
  });
});
