import { addMonths, ageOn, monthsBetween } from '../../../common/dates';
import type { PermitRecord } from '../../../common/permit';
import type { Service } from '../../../common/services';
import type { GlobalPolicy, HostPolicy } from './policy';
import { months, reason, type Reason, type ReasonCode } from './reasons';

/** The outcome of one check; the decision is the worst outcome of all checks. */
export type Outcome = 'RECOGNISED' | 'REFERRED' | 'REJECTED';

/** What one check found. */
export interface CheckResult {
  outcome: Outcome;
  reasons: Reason[];
  /**
   * Set on a failing waiting period only: the first ISO date on which it is met if
   * nothing changes. A failure without it (no child, closed account) is not cured by time.
   */
  metOn?: string;
}

const PASSED: CheckResult = { outcome: 'RECOGNISED', reasons: [] };

/**
 * A months threshold: met, missed by at most `nearMonths` (REFERRED with NEAR_THRESHOLD
 * after the specific reason), or missed by more (REJECTED).
 */
function monthsThreshold(
  code: ReasonCode,
  observed: number,
  required: number,
  nearMonths: number,
  metOn: string,
): CheckResult {
  const shortfall = required - observed;
  if (shortfall <= 0) return PASSED;
  const specific = reason(code, months(observed), months(required));
  if (shortfall > nearMonths) return { outcome: 'REJECTED', reasons: [specific], metOn };
  const near = reason('NEAR_THRESHOLD', `${months(shortfall)} short`, `at most ${months(nearMonths)} short`);
  return { outcome: 'REFERRED', reasons: [specific, near], metOn };
}

function schoolingChecks(
  permit: PermitRecord,
  host: HostPolicy,
  global: GlobalPolicy,
  decisionDate: string,
): CheckResult[] {
  const t = host.schooling;
  const residence = monthsBetween(permit.residentSince, decisionDate);
  const contributions = permit.socialInsurance.contributionMonths;
  // Contribution months only grow by one a month from today; residence counts from its start.
  const residenceCheck = monthsThreshold(
    'RESIDENCE_TOO_SHORT', residence, t.residenceMonths, global.nearThresholdMonths,
    addMonths(permit.residentSince, t.residenceMonths),
  );
  const contributionCheck = monthsThreshold(
    'SOCIAL_INSURANCE_TOO_SHORT', contributions, t.socialInsuranceMonths, global.nearThresholdMonths,
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

function medicalChecks(permit: PermitRecord): CheckResult[] {
  const { status } = permit.medicalInsurance;
  if (status === 'ACTIVE') return [PASSED];
  return [{ outcome: 'REJECTED', reasons: [reason('MEDICAL_INSURANCE_INACTIVE', status, 'ACTIVE')] }];
}

function providentFundChecks(
  permit: PermitRecord,
  host: HostPolicy,
  global: GlobalPolicy,
  decisionDate: string,
): CheckResult[] {
  const { status, contributionMonths } = permit.providentFund;
  const required = host.providentFundWithdrawal.fundMonths;
  // A sealed account (封存, holder left the job) is the usual case for a withdrawal.
  const accountCheck: CheckResult = status === 'ACTIVE' || status === 'SEALED'
    ? PASSED
    : { outcome: 'REJECTED', reasons: [reason('FUND_ACCOUNT_CLOSED', status, 'ACTIVE or SEALED')] };
  const monthsCheck = monthsThreshold(
    'INSUFFICIENT_FUND_CONTRIBUTIONS', contributionMonths, required, global.nearThresholdMonths,
    addMonths(decisionDate, required - contributionMonths),
  );
  return [accountCheck, monthsCheck];
}

/** The checks of one service under the thresholds of the host region (docs/domain.md). */
export function serviceChecks(
  permit: PermitRecord,
  service: Service,
  host: HostPolicy,
  global: GlobalPolicy,
  decisionDate: string,
): CheckResult[] {
  switch (service) {
    case 'SCHOOLING':
      return schoolingChecks(permit, host, global, decisionDate);
    case 'MEDICAL_BILLING':
      return medicalChecks(permit);
    case 'PROVIDENT_FUND_WITHDRAWAL':
      return providentFundChecks(permit, host, global, decisionDate);
  }
}
