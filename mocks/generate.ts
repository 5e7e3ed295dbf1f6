import { randomBytes } from 'node:crypto';
import { DEFAULTS } from '../common/defaults';
import { addDays, addMonths, addYears, ageOn, dateBetween, isIsoDate, monthOf, monthsBetween } from '../common/dates';
import type { FundAccountStatus, MedicalInsuranceStatus, PermitStatus, SignedPermit } from '../common/permit';
import { formatPermitNumber } from '../common/permitNumber';
import { isRegion, type Region } from '../common/regions';
import { formatResidentId } from '../common/residentId';
import { localExtension, type ShanghaiCategory } from './localExtensions';
import { randomName, randomSurname } from './names';
import { DISTRICTS, ORIGIN_CODES, STREETS, type District } from './places';
import { buildPermit, TAMPER_FIELDS, type PermitDraft, type SigningKind } from './permitBuilder';
import { createPrng, type Prng } from '../common/prng';
import { MOCK_REGIONS } from './regions/mockRegions';
import { scenarioPermits } from './scenarioPermits';

/** Options of `generateRegistry`; every default is in `GENERATE_DEFAULTS`. */
export interface GenerateOptions {
  /** Any string; the same seed gives byte-identical records. */
  seed?: string;
  /**
   * Number of records, scenario permits included (they always are, so a smaller size
   * gives just the scenarios).
   */
  size?: number;
  /** ISO date the data is "as of": every relative date is computed from it, never from the clock. */
  asOf?: string;
  /**
   * Key the disclosures' salts are derived from. Default: 32 fresh random bytes per call,
   * so nobody can rebuild the salts of a running registry; pass one to repeat byte for byte.
   */
  saltKey?: Buffer;
  /**
   * MOCK_DEMO_SECRET of a production-mode demo: records are signed with the keys derived
   * from it (common/mockIssuerKeys.ts `mockKeyPair`). Unset: the published mock keys.
   */
  demoSecret?: string;
}

export const GENERATE_DEFAULTS: Readonly<Required<Omit<GenerateOptions, 'saltKey' | 'demoSecret'>>> = {
  seed: DEFAULTS.mockSeed,
  size: DEFAULTS.mockSize,
  asOf: DEFAULTS.mockAsOf,
};

/*
 * Every edge of docs/domain.md gets an exact share of the generated records (rounded), and the
 * shares are shuffled over the records, so each edge is present in every region for any
 * seed once the size is in the thousands. The share not listed is the ordinary case.
 */

type Lifecycle = 'CURRENT' | 'EXPIRES_SOON' | 'GRACE' | 'LAPSED' | 'STATUS_EXPIRED' | 'SUSPENDED' | 'REVOKED';
const LIFECYCLE_SHARES = {
  EXPIRES_SOON: 0.03, // VALID, 0–30 days left
  GRACE: 0.03, // VALID, validUntil 1–30 days past (medical grace)
  LAPSED: 0.015, // VALID, validUntil 31–180 days past
  STATUS_EXPIRED: 0.03,
  SUSPENDED: 0.02,
  REVOKED: 0.015,
} as const satisfies Partial<Record<Lifecycle, number>>;

/**
 * Month bands around the thresholds (residence and social insurance 12/12 and 6/6; fund 6
 * and 3): one month below (`near`, docs/domain.md's NEAR_THRESHOLD), exactly at, between two
 * thresholds, and well below. The rest are `long`: 13 months or more, above every threshold.
 */
type Range = readonly [min: number, max: number];
const RESIDENCE_BANDS = {
  near12: [11, 11],
  at12: [12, 12],
  near6: [5, 5],
  at6: [6, 6],
  between: [7, 10],
  wellBelow: [0, 4],
} as const satisfies Record<string, Range>;
const RESIDENCE_SHARES = { near12: 0.03, at12: 0.01, near6: 0.02, at6: 0.01, between: 0.04, wellBelow: 0.03 };
const INSURANCE_SHARES = RESIDENCE_SHARES;
const FUND_BANDS = {
  near6: [5, 5],
  at6: [6, 6],
  between: [4, 4],
  at3: [3, 3],
  near3: [2, 2],
  wellBelow: [0, 1],
} as const satisfies Record<string, Range>;
const FUND_SHARES = { near6: 0.03, at6: 0.01, between: 0.02, at3: 0.01, near3: 0.03, wellBelow: 0.03 };
const LONG_MONTHS = 13;
type ResidenceBand = keyof typeof RESIDENCE_BANDS | 'long';
type FundBand = keyof typeof FUND_BANDS | 'long';

type Children = 'ELIGIBLE' | 'NONE' | 'INELIGIBLE';
const CHILDREN_SHARES = { NONE: 0.3, INELIGIBLE: 0.2 } as const; // the rest have a child aged 6–15
const MEDICAL_SHARES = { SUSPENDED: 0.04, NONE: 0.03 } as const satisfies Partial<
  Record<MedicalInsuranceStatus, number>
>;
const FUND_STATUS_SHARES = { SEALED: 0.09, CLOSED: 0.06 } as const satisfies Partial<Record<FundAccountStatus, number>>;
const SIGNING_SHARES = { TAMPERED: 0.01, EXPIRED_KEY: 0.002, UNKNOWN_KEY: 0.002 } as const satisfies Partial<
  Record<SigningKind, number>
>;
const STATUS_OF: Readonly<Record<Lifecycle, PermitStatus>> = {
  CURRENT: 'VALID',
  EXPIRES_SOON: 'VALID',
  GRACE: 'VALID',
  LAPSED: 'VALID',
  STATUS_EXPIRED: 'EXPIRED',
  SUSPENDED: 'SUSPENDED',
  REVOKED: 'REVOKED',
};
const SH_CATEGORIES: ReadonlyArray<readonly [ShanghaiCategory, number]> = [
  ['A', 15],
  ['B', 75],
  ['C', 10],
];
/** Lowest serial of a generated permit; scenario permits use serials below it. */
const FIRST_GENERATED_SERIAL = 100_000;

/**
 * The deterministic mock registry of one region (docs/domain.md, "Mock registries"): the
 * region's scenario permits first (`scenarios.json`), then generated permits. Same
 * region and options give the same records (byte-identical with the same `saltKey`);
 * nothing reads the clock or `Math.random`. Records hold only the masked exchange form
 * and are signed over it in selective-disclosure form.
 */
export function generateRegistry(region: Region, options: GenerateOptions = {}): SignedPermit[] {
  const { scenarios, drafts, saltKey } = planRegistry(region, options);
  return [...scenarios, ...drafts.map((draft) => buildPermit(draft, saltKey, options.demoSecret))];
}

/** The ids of `generateRegistry(region, options)`, in its order, without signing a record. */
export function registryIds(region: Region, options: GenerateOptions = {}): string[] {
  const { scenarios, drafts } = planRegistry(region, options);
  return [...scenarios.map((p) => p.id), ...drafts.map((d) => d.id)];
}

/** A registry as `generateRegistry` makes it, its generated permits not yet masked and signed. */
export interface RegistryPlan {
  /** The scenario permits, signed. */
  scenarios: SignedPermit[];
  /** The generated permits in order; `buildPermit(draft, saltKey)` gives each one exactly as `generateRegistry` does. */
  drafts: PermitDraft[];
  saltKey: Buffer;
  /** The demo secret the drafts are signed under, if any (`buildPermit(draft, saltKey, demoSecret)`). */
  demoSecret?: string;
}

/**
 * `generateRegistry` up to signing: every draw from the seeded generator is made here,
 * so signing a draft later (or never) changes no record.
 */
export function planRegistry(region: Region, options: GenerateOptions = {}): RegistryPlan {
  const { seed, size, asOf } = { ...GENERATE_DEFAULTS, ...options };
  const saltKey = options.saltKey ?? randomBytes(32);
  if (!isRegion(region)) throw new RangeError(`not a region: ${String(region)}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, not ${size}`);
  if (!isIsoDate(asOf)) throw new RangeError(`asOf must be an ISO date (YYYY-MM-DD), not ${asOf}`);

  const scenarios = scenarioPermits(region, asOf, saltKey, options.demoSecret);
  const n = Math.max(0, size - scenarios.length);
  const prng = createPrng(`${seed}/${region}`);

  const lifecycles = quota<Lifecycle>(prng, n, 'CURRENT', LIFECYCLE_SHARES);
  // Short residence fits only a permit issued recently, so its bands go to open permits.
  const residenceBands = quota<ResidenceBand>(prng, lifecycles.filter(isOpen).length, 'long', RESIDENCE_SHARES);
  const timelines = lifecycles.map((lifecycle) =>
    isOpen(lifecycle)
      ? openTimeline(prng, asOf, residenceBands.pop() as ResidenceBand)
      : closedTimeline(prng, asOf, lifecycle),
  );
  // Short contribution bands go to long residents, so months never exceed residence.
  const long = timelines.filter((t) => t.residenceMonths >= LONG_MONTHS).length;
  const insuranceBands = quota<ResidenceBand>(prng, long, 'long', INSURANCE_SHARES);
  const fundBands = quota<FundBand>(prng, long, 'long', FUND_SHARES);
  const children = quota<Children>(prng, n, 'ELIGIBLE', CHILDREN_SHARES);
  const medical = quota<MedicalInsuranceStatus>(prng, n, 'ACTIVE', MEDICAL_SHARES);
  const fundStatus = quota<FundAccountStatus>(prng, n, 'ACTIVE', FUND_STATUS_SHARES);
  const signing = quota<SigningKind>(prng, n, 'CURRENT_KEY', SIGNING_SHARES);

  const serials = new Set<number>();
  const drafts = timelines.map((timeline, i) => {
    const isLong = timeline.residenceMonths >= LONG_MONTHS;
    const { residenceMonths } = timeline;
    return generatePermit(prng, region, asOf, serials, {
      ...timeline,
      status: STATUS_OF[lifecycles[i] as Lifecycle],
      insuranceMonths: months(prng, isLong ? insuranceBands.pop() : undefined, RESIDENCE_BANDS, residenceMonths),
      fundMonths: months(prng, isLong ? fundBands.pop() : undefined, FUND_BANDS, residenceMonths),
      children: children[i] as Children,
      medical: medical[i] as MedicalInsuranceStatus,
      fundStatus: fundStatus[i] as FundAccountStatus,
      signing: signing[i] as SigningKind,
    });
  });
  return { scenarios, drafts, saltKey, demoSecret: options.demoSecret };
}

/** `n` categories, each listed share rounded to a count, the rest `fallback`, shuffled. */
function quota<K extends string>(prng: Prng, n: number, fallback: K, shares: Partial<Record<K, number>>): K[] {
  const out: K[] = [];
  for (const [key, share] of Object.entries(shares) as Array<[K, number]>) {
    for (let c = Math.round(share * n); c > 0 && out.length < n; c--) out.push(key);
  }
  while (out.length < n) out.push(fallback);
  return prng.shuffle(out);
}

function isOpen(lifecycle: Lifecycle): boolean {
  return lifecycle === 'CURRENT' || lifecycle === 'SUSPENDED' || lifecycle === 'REVOKED';
}

interface Timeline {
  residentSince: string;
  validFrom: string;
  validUntil: string;
  residenceMonths: number;
}

function validityYears(prng: Prng): number {
  return prng.pickWeighted([
    [1, 3],
    [2, 3],
    [3, 4],
  ]);
}

function earliestResidence(asOf: string): string {
  return `${Number(asOf.slice(0, 4)) - 11}-01-01`;
}

/** A permit in force (or suspended, revoked) whose holder has lived here for a planned band of months. */
function openTimeline(prng: Prng, asOf: string, band: ResidenceBand): Timeline {
  const years = validityYears(prng);
  // Exact months back, same day of month: the count is the same under any month convention.
  const residentSince =
    band === 'long'
      ? dateBetween(earliestResidence(asOf), addMonths(asOf, -LONG_MONTHS), prng.int)
      : addMonths(asOf, -inRange(prng, RESIDENCE_BANDS[band]));
  // Issued at least 40 days into its last year, so at least 31 days are left even across
  // a leap day: only EXPIRES_SOON permits expire soon.
  const lo = addDays(addYears(asOf, -years), 40);
  const validFrom = dateBetween(residentSince > lo ? residentSince : lo, asOf, prng.int);
  return {
    residentSince,
    validFrom,
    validUntil: addDays(addYears(validFrom, years), -1),
    residenceMonths: monthsBetween(residentSince, asOf),
  };
}

/** A permit near or past its end: validity is fixed first, residence goes back from it. */
function closedTimeline(prng: Prng, asOf: string, lifecycle: Lifecycle): Timeline {
  const years = validityYears(prng);
  const daysLeft =
    lifecycle === 'EXPIRES_SOON'
      ? prng.int(0, 30)
      : lifecycle === 'GRACE'
        ? -prng.int(1, 30)
        : lifecycle === 'LAPSED'
          ? -prng.int(31, 180)
          : -prng.int(1, 400);
  const validUntil = addDays(asOf, daysLeft);
  const validFrom = addDays(addYears(validUntil, -years), 1);
  const residentSince = dateBetween(earliestResidence(asOf), validFrom, prng.int);
  return { residentSince, validFrom, validUntil, residenceMonths: monthsBetween(residentSince, asOf) };
}

/**
 * Contribution months: long residents take their planned band (`long`: from 13 up to
 * their residence); recent residents contributed at most since they came.
 */
function months(prng: Prng, band: string | undefined, table: Record<string, Range>, residenceMonths: number): number {
  if (band === undefined) return prng.int(Math.max(0, residenceMonths - 3), residenceMonths);
  const range = table[band];
  return range ? inRange(prng, range) : prng.int(LONG_MONTHS, residenceMonths);
}

function inRange(prng: Prng, [min, max]: Range): number {
  return prng.int(min, max);
}

interface PermitPlan extends Timeline {
  status: PermitStatus;
  insuranceMonths: number;
  fundMonths: number;
  children: Children;
  medical: MedicalInsuranceStatus;
  fundStatus: FundAccountStatus;
  signing: SigningKind;
}

function generatePermit(
  prng: Prng,
  region: Region,
  asOf: string,
  serials: Set<number>,
  plan: PermitPlan,
): PermitDraft {
  const district = prng.pickWeighted(DISTRICTS[region].map((d) => [d, d.weight] as const));
  const female = prng.chance(0.45);
  const surname = randomSurname(prng);
  const children = generateChildren(prng, plan.children, asOf, surname);
  const oldestChild = children.reduce((max, c) => Math.max(max, ageOn(c.birthDate, asOf)), -1);
  // Adults of 20 to 60, at least 21 years older than their eldest child.
  const age =
    oldestChild < 0 ? prng.int(20, 60) : prng.int(Math.max(20, oldestChild + 21), Math.min(60, oldestChild + 42));
  const birthDate = dateBetween(addDays(addYears(asOf, -(age + 1)), 1), addYears(asOf, -age), prng.int);

  // Year of first issue: when continuous residence on permits began.
  const year = Number(plan.residentSince.slice(0, 4));
  let serial: number;
  do serial = prng.int(FIRST_GENERATED_SERIAL, 99_999_999);
  while (serials.has(serial));
  serials.add(serial);

  const category = prng.pickWeighted(SH_CATEGORIES);
  return {
    id: formatPermitNumber(district.code, year, serial),
    status: plan.status,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    residentSince: plan.residentSince,
    holder: {
      fullName: randomName(prng, female, surname),
      // GB 11643: the sequence is odd for a man, even for a woman.
      residentId: formatResidentId(originCode(prng, district), birthDate, prng.int(0, 499) * 2 + (female ? 0 : 1)),
      birthDate,
    },
    dependants: children,
    address: address(prng, region, district),
    socialInsurance: {
      contributionMonths: plan.insuranceMonths,
      lastContributionMonth: plan.insuranceMonths === 0 ? null : monthOf(addMonths(asOf, -1)),
    },
    medicalInsurance: plan.medical,
    providentFund: { status: plan.fundStatus, contributionMonths: plan.fundMonths },
    local: localExtension(region, district, { category, points: points(prng, region, category) }),
    signedOn: asOf,
    signing: plan.signing,
    tamper: plan.signing === 'TAMPERED' ? prng.pick(TAMPER_FIELDS) : undefined,
  };
}

/**
 * Children by target age on 31 August of the decision year (docs/domain.md, SCHOOLING: 6 to
 * 15). A child of a boundary age is often born on the boundary day: 31 Aug (turns 6 or
 * 16 that very day) or 1 Sep (still 5 or 15).
 */
function generateChildren(
  prng: Prng,
  kind: Children,
  asOf: string,
  surname: string,
): Array<{ fullName: string; birthDate: string }> {
  if (kind === 'NONE') return [];
  const aug31 = `${asOf.slice(0, 4)}-08-31`;
  const ages: number[] = [];
  if (kind === 'ELIGIBLE') {
    ages.push(prng.int(6, 15));
    for (let extra = prng.int(0, 2); extra > 0; extra--) ages.push(prng.int(1, 22));
  } else {
    for (let n = prng.int(1, 3); n > 0; n--) ages.push(prng.chance(0.5) ? prng.int(1, 5) : prng.int(16, 22));
  }
  return ages
    .map((age) => {
      const latest = addYears(aug31, -age); // born 31 Aug: exactly `age` on 31 Aug
      const earliest = addDays(addYears(aug31, -(age + 1)), 1); // born 1 Sep a year before
      const boundary = age === 6 || age === 16 ? latest : age === 5 || age === 15 ? earliest : undefined;
      const birthDate = boundary && prng.chance(0.3) ? boundary : dateBetween(earliest, latest, prng.int);
      const childSurname = prng.chance(0.85) ? surname : randomSurname(prng);
      return { fullName: randomName(prng, prng.chance(0.48), childSurname), birthDate };
    })
    .sort((a, b) => (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0));
}

/** A hukou outside the issuing city: that is who needs a residence permit. */
function originCode(prng: Prng, district: District): string {
  const city = district.code.startsWith('31') ? '31' : district.code.slice(0, 4);
  for (;;) {
    const code = prng.pickWeighted(ORIGIN_CODES);
    if (!code.startsWith(city)) return code;
  }
}

function address(prng: Prng, region: Region, district: District): string {
  const street = prng.pick(STREETS[region]);
  const room = `${prng.int(1, 28)}${String(prng.int(1, 6)).padStart(2, '0')}室`;
  return MOCK_REGIONS[region].address(prng, district, street, room);
}

/** Points (积分): Shanghai's by category around its standard score of 120; Anhui has none. */
function points(prng: Prng, region: Region, category: ShanghaiCategory): number {
  return MOCK_REGIONS[region].points(prng, category);
}
