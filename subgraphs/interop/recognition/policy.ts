import { z } from 'zod';
import { readJsonFile } from '../../../common/readJsonFile';
import { REGIONS, type Region } from '../../../common/regions';
import { count, expecting, formatIssues, isoDate, throwIfProblems } from './validation';

/**
 * Recognition policy as data (docs/domain.md, "Recognition policy"): a region changes a
 * threshold in `policies.json`, not in code. Each version is in effect from
 * `effectiveFrom` to `effectiveUntil`, both inclusive; `null` means open-ended.
 */

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Lengths in a common year: a cut-off date must exist every year, so no 29 February.
const COMMON_YEAR_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isMonthDay(value: string): boolean {
  const m = MONTH_DAY.exec(value);
  return m !== null && Number(m[2]) <= (COMMON_YEAR_MONTH_DAYS[Number(m[1]) - 1] ?? 0);
}

const schoolingSchema = z
  .strictObject(
    {
      /** Whole months since `residentSince`. */
      residenceMonths: count,
      /** Continuous social-insurance contribution months. */
      socialInsuranceMonths: count,
      /** Youngest admissible age in whole years on `childAgeOn`, inclusive. */
      childMinAge: count,
      /** Oldest admissible age in whole years on `childAgeOn`, inclusive. */
      childMaxAge: count,
      /** `MM-DD` of the decision year on which a child's age is taken (school-year cut-off). */
      childAgeOn: z
        .string(expecting('a month and day MM-DD'))
        .refine(isMonthDay, expecting('a month and day MM-DD that exists every year')),
    },
    expecting('schooling thresholds {residenceMonths, socialInsuranceMonths, childMinAge, childMaxAge, childAgeOn}'),
  )
  .refine((s) => s.childMinAge <= s.childMaxAge, {
    path: ['childMaxAge'],
    error: 'expected childMaxAge not below childMinAge',
  });

const providentFundSchema = z.strictObject(
  {
    /** Continuous provident-fund contribution months. */
    fundMonths: count,
  },
  expecting('provident fund thresholds {fundMonths}'),
);

const hostSchema = z.strictObject(
  { schooling: schoolingSchema, providentFundWithdrawal: providentFundSchema },
  {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return issue.input === undefined
        ? 'missing host region'
        : 'expected host thresholds {schooling, providentFundWithdrawal}';
    },
  },
);

const hostsShape = Object.fromEntries(REGIONS.map((region) => [region, hostSchema])) as Record<
  Region,
  typeof hostSchema
>;

const hostsSchema = z.strictObject(hostsShape, {
  error: (issue) =>
    issue.code === 'unrecognized_keys'
      ? `unknown host region(s) ${issue.keys.join(', ')}; expected ${REGIONS.join(', ')}`
      : `expected an object keyed by host region ${REGIONS.join(', ')}`,
});

const globalSchema = z.strictObject(
  {
    /** A permit with this many days or fewer left gets `EXPIRES_SOON`. */
    expiresSoonDays: count,
    /** `MEDICAL_BILLING` only: days after `validUntil` that are referred, not rejected. */
    medicalGraceDays: count,
    /** A months threshold missed by this many months or fewer is referred, not rejected. */
    nearThresholdMonths: count,
  },
  expecting('global settings {expiresSoonDays, medicalGraceDays, nearThresholdMonths}'),
);

const headerShape = {
  version: z.string(expecting('a version string')).min(1, expecting('a non-empty version string')),
  effectiveFrom: isoDate,
  effectiveUntil: isoDate.nullable(),
};

const policySchema = z.strictObject(
  { ...headerShape, global: globalSchema, hosts: hostsSchema },
  expecting('a policy {version, effectiveFrom, effectiveUntil, global, hosts}'),
);

const policiesSchema = z
  .array(policySchema, expecting('an array of policies'))
  .min(1, expecting('at least one policy'));

// Read leniently on its own, so ranges and versions are checked even when another
// part of the same policy is broken: every problem is reported in one round.
const headerSchema = z.object(headerShape);

/** Thresholds for `SCHOOLING` in one host region. */
export type SchoolingThresholds = z.infer<typeof schoolingSchema>;
/** Thresholds for `PROVIDENT_FUND_WITHDRAWAL` in one host region. */
export type ProvidentFundThresholds = z.infer<typeof providentFundSchema>;
/** Thresholds of one host region. */
export type HostPolicy = z.infer<typeof hostSchema>;
/** Settings shared by every host. */
export type GlobalPolicy = z.infer<typeof globalSchema>;
/** One version of the recognition policy. */
export type Policy = z.infer<typeof policySchema>;

/** Validated policy versions, ordered by `effectiveFrom`, with no overlapping ranges. */
export interface PolicySet {
  readonly policies: readonly Policy[];
}

interface Header {
  index: number;
  version: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
}

function describeRange(h: Header): string {
  return `${h.effectiveFrom}..${h.effectiveUntil ?? 'open'}`;
}

function overlaps(a: Header, b: Header): boolean {
  return (a.effectiveUntil === null || b.effectiveFrom <= a.effectiveUntil)
    && (b.effectiveUntil === null || a.effectiveFrom <= b.effectiveUntil);
}

function headerProblems(json: unknown): string[] {
  if (!Array.isArray(json)) return [];
  const headers: Header[] = json.flatMap((entry: unknown, index) => {
    const parsed = headerSchema.safeParse(entry);
    return parsed.success ? [{ index, ...parsed.data }] : [];
  });
  const problems: string[] = [];
  for (const h of headers) {
    if (h.effectiveUntil !== null && h.effectiveUntil < h.effectiveFrom) {
      problems.push(`policies[${h.index}].effectiveUntil: expected a date not before effectiveFrom ${h.effectiveFrom}`);
    }
  }
  for (const [i, b] of headers.entries()) {
    for (const a of headers.slice(0, i)) {
      if (a.version === b.version) {
        problems.push(`policies[${b.index}].version: duplicate version "${b.version}" (also policies[${a.index}])`);
      }
      if (overlaps(a, b)) {
        problems.push(
          `policies[${b.index}]: effective range ${describeRange(b)} overlaps policies[${a.index}] `
            + `(version "${a.version}", ${describeRange(a)})`,
        );
      }
    }
  }
  return problems;
}

/**
 * Validates the contents of a policy file. Throws one Error whose message lists every
 * problem with its JSON path, e.g.
 * `policies[0].hosts.SUZHOU.schooling.residenceMonths: expected a non-negative integer`;
 * besides the shape it rejects duplicate versions, overlapping effective ranges and a
 * missing host region.
 */
export function parsePolicies(json: unknown): PolicySet {
  const parsed = policiesSchema.safeParse(json);
  throwIfProblems('recognition policies', [...formatIssues('policies', parsed.error), ...headerProblems(json)]);
  const policies = [...(parsed.data ?? [])].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return { policies };
}

/** Reads and validates a policy file (see {@link parsePolicies}); the message names the file. */
export function loadPolicies(file: string): PolicySet {
  return readJsonFile(file, 'recognition policies', parsePolicies);
}

/** The policy version in effect on an ISO date, or `undefined` when there is none. */
export function policyFor(set: PolicySet, date: string): Policy | undefined {
  return set.policies.find(
    (p) => p.effectiveFrom <= date && (p.effectiveUntil === null || date <= p.effectiveUntil),
  );
}
