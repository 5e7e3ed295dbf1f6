import { z } from 'zod';
import { addMonths, ageOn, monthsBetween } from '../../../../common/dates';
import type { PermitRecord } from '../../../../common/permit';
import { SCHOOLING } from '../../../../common/purposes/schooling';
import type { GlobalPolicy } from '../globalPolicy';
import { reasonsFrom } from '../reasons';
import { anObject, count, expecting, isoDate } from '../validation';
import {
  monthsThreshold, nearNote, PASSED, requirement, thresholdsIn,
  type CheckResult, type HostPolicy, type Requirement, type ServiceModule,
} from './serviceModule';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Lengths in a common year: a cut-off date must exist every year, so no 29 February.
const COMMON_YEAR_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isMonthDay(value: string): boolean {
  const m = MONTH_DAY.exec(value);
  return m !== null && Number(m[2]) <= (COMMON_YEAR_MONTH_DAYS[Number(m[1]) - 1] ?? 0);
}

const KEY = 'schooling';

const thresholdsSchema = z
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

/** Thresholds for `SCHOOLING` in one host region. */
export type SchoolingThresholds = z.infer<typeof thresholdsSchema>;

const REASONS = {
  RESIDENCE_TOO_SHORT: {
    zh: '持证连续居住时间未达到要求。',
    en: 'Continuous residence on the permit is shorter than required.',
  },
  SOCIAL_INSURANCE_TOO_SHORT: {
    zh: '社会保险连续缴费月数未达到要求。',
    en: 'Continuous social-insurance contributions are shorter than required.',
  },
  NO_ELIGIBLE_CHILD: {
    zh: '居住证上没有符合入学年龄的随迁子女。',
    en: 'No child on the permit is of admission age.',
  },
} as const;
const reason = reasonsFrom(REASONS);

const MONTH_NAMES_EN = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function checks(permit: PermitRecord, host: HostPolicy, global: GlobalPolicy, decisionDate: string): CheckResult[] {
  const t = thresholdsIn<SchoolingThresholds>(host, KEY);
  const residence = monthsBetween(permit.residentSince, decisionDate);
  const contributions = permit.socialInsurance.contributionMonths;
  // Contribution months only grow by one a month from today; residence counts from its start.
  const residenceCheck = monthsThreshold(
    (observed, required) => reason('RESIDENCE_TOO_SHORT', observed, required),
    residence, t.residenceMonths, global.nearThresholdMonths,
    addMonths(permit.residentSince, t.residenceMonths),
  );
  const contributionCheck = monthsThreshold(
    (observed, required) => reason('SOCIAL_INSURANCE_TOO_SHORT', observed, required),
    contributions, t.socialInsuranceMonths, global.nearThresholdMonths,
    addMonths(decisionDate, t.socialInsuranceMonths - contributions),
  );

  const cutOff = `${decisionDate.slice(0, 4)}-${t.childAgeOn}`;
  const ages = permit.dependants.map((d) => ageOn(d.birthDate, cutOff));
  const childCheck: CheckResult = ages.some((age) => age >= t.childMinAge && age <= t.childMaxAge)
    ? PASSED
    : {
        outcome: 'REJECTED',
        reasons: [
          reason(
            'NO_ELIGIBLE_CHILD',
            ages.length === 0 ? 'no dependants' : `aged ${ages.join(', ')} on ${cutOff}`,
            `a child aged ${t.childMinAge} to ${t.childMaxAge} on ${cutOff}`,
          ),
        ],
      };
  return [residenceCheck, contributionCheck, childCheck];
}

function requirements(host: HostPolicy, global: GlobalPolicy): Requirement[] {
  const s = thresholdsIn<SchoolingThresholds>(host, KEY);
  const near = nearNote(global.nearThresholdMonths);
  const [month, day] = s.childAgeOn.split('-').map(Number) as [number, number];
  return [
    requirement('RESIDENCE_MONTHS', s.residenceMonths,
      `持证连续居住满${s.residenceMonths}个月${near.zh}`,
      `At least ${s.residenceMonths} months of continuous residence on the permit${near.en}`),
    requirement('SOCIAL_INSURANCE_MONTHS', s.socialInsuranceMonths,
      `连续缴纳社会保险满${s.socialInsuranceMonths}个月${near.zh}`,
      `At least ${s.socialInsuranceMonths} months of continuous social-insurance contributions${near.en}`),
    requirement('CHILD_AGE', `${s.childMinAge}-${s.childMaxAge}`,
      `居住证上至少有一名随迁子女在决定年度${month}月${day}日年满${s.childMinAge}至${s.childMaxAge}周岁`,
      `At least one child on the permit aged ${s.childMinAge} to ${s.childMaxAge} on ${day} ${MONTH_NAMES_EN[month - 1]} of the decision year`),
  ];
}

/**
 * 随迁子女入学 (docs/domain.md): residence and social-insurance months, and a child of
 * admission age on the host's cut-off day.
 */
export const schooling = {
  purpose: SCHOOLING,
  thresholds: { key: KEY, schema: thresholdsSchema },
  record: {
    residentSince: isoDate,
    dependants: z.array(anObject({ birthDate: isoDate }), expecting('an array')),
    socialInsurance: anObject({ contributionMonths: count }),
  },
  reasons: REASONS,
  checks,
  requirements,
} as const satisfies ServiceModule;
