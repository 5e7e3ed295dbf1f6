import { z } from 'zod';
import { addMonths } from '../../../../common/dates';
import type { FundAccountStatus, PermitRecord } from '../../../../common/permit';
import { PROVIDENT_FUND_WITHDRAWAL } from '../../../../common/purposes/providentFundWithdrawal';
import type { GlobalPolicy } from '../globalPolicy';
import { reasonsFrom } from '../reasons';
import { anObject, count, expecting } from '../validation';
import {
  monthsThreshold, nearNote, PASSED, requirement, thresholdsIn,
  type CheckResult, type HostPolicy, type Requirement, type ServiceModule,
} from './serviceModule';

const FUND_STATUSES = ['ACTIVE', 'SEALED', 'CLOSED'] as const satisfies readonly FundAccountStatus[];

const KEY = 'providentFundWithdrawal';

const thresholdsSchema = z.strictObject(
  {
    /** Continuous provident-fund contribution months. */
    fundMonths: count,
  },
  expecting('provident fund thresholds {fundMonths}'),
);

/** Thresholds for `PROVIDENT_FUND_WITHDRAWAL` in one host region. */
export type ProvidentFundThresholds = z.infer<typeof thresholdsSchema>;

const REASONS = {
  FUND_ACCOUNT_CLOSED: {
    zh: '住房公积金账户已销户。',
    en: 'The housing provident fund account is closed.',
  },
  INSUFFICIENT_FUND_CONTRIBUTIONS: {
    zh: '住房公积金连续缴存月数未达到要求。',
    en: 'Continuous provident-fund contributions are shorter than required.',
  },
} as const;
const reason = reasonsFrom(REASONS);

function checks(permit: PermitRecord, host: HostPolicy, global: GlobalPolicy, decisionDate: string): CheckResult[] {
  const { status, contributionMonths } = permit.providentFund;
  const required = thresholdsIn<ProvidentFundThresholds>(host, KEY).fundMonths;
  // A sealed account (封存, holder left the job) is the usual case for a withdrawal.
  const accountCheck: CheckResult = status === 'ACTIVE' || status === 'SEALED'
    ? PASSED
    : { outcome: 'REJECTED', reasons: [reason('FUND_ACCOUNT_CLOSED', status, 'ACTIVE or SEALED')] };
  const monthsCheck = monthsThreshold(
    (observed, requiredMonths) => reason('INSUFFICIENT_FUND_CONTRIBUTIONS', observed, requiredMonths),
    contributionMonths, required, global.nearThresholdMonths,
    addMonths(decisionDate, required - contributionMonths),
  );
  return [accountCheck, monthsCheck];
}

function requirements(host: HostPolicy, global: GlobalPolicy): Requirement[] {
  const { fundMonths } = thresholdsIn<ProvidentFundThresholds>(host, KEY);
  const near = nearNote(global.nearThresholdMonths);
  return [
    requirement('FUND_ACCOUNT_STATUS', 'ACTIVE,SEALED', '住房公积金账户正常或封存（未销户）', 'The provident fund account is active or sealed (not closed)'),
    requirement('FUND_MONTHS', fundMonths,
      `连续缴存住房公积金满${fundMonths}个月${near.zh}`,
      `At least ${fundMonths} months of continuous provident-fund contributions${near.en}`),
  ];
}

/** 公积金异地提取 (docs/domain.md): an account not closed, and enough contribution months. */
export const providentFundWithdrawal = {
  purpose: PROVIDENT_FUND_WITHDRAWAL,
  thresholds: { key: KEY, schema: thresholdsSchema },
  record: {
    providentFund: anObject({
      status: z.enum(FUND_STATUSES, expecting(FUND_STATUSES.join(' | '))),
      contributionMonths: count,
    }),
  },
  reasons: REASONS,
  checks,
  requirements,
} as const satisfies ServiceModule;
