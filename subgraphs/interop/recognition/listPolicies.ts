import { isIsoDate } from '../../../common/dates';
import { REGIONS, type Region } from '../../../common/regions';
import { SERVICES, type Service } from '../../../common/services';
import { policyFor, type Policy, type PolicySet } from './policy';

/** What a requirement is about; `value` is its machine-readable threshold. */
export type RequirementCode =
  /** `value`: the signature algorithm, `Ed25519`. */
  | 'ISSUER_SIGNATURE'
  /** `value`: the required permit status, `VALID`. */
  | 'PERMIT_STATUS'
  /** `value`: days after `validUntil` still referred rather than rejected (`0` = none). */
  | 'PERMIT_NOT_EXPIRED'
  /** `value`: whole months since `residentSince`. */
  | 'RESIDENCE_MONTHS'
  /** `value`: continuous social-insurance contribution months. */
  | 'SOCIAL_INSURANCE_MONTHS'
  /** `value`: `min-max` age in whole years on the cut-off day of the decision year. */
  | 'CHILD_AGE'
  /** `value`: the required medical-insurance status, `ACTIVE`. */
  | 'MEDICAL_INSURANCE_STATUS'
  /** `value`: the accepted account statuses, comma-separated. */
  | 'FUND_ACCOUNT_STATUS'
  /** `value`: continuous provident-fund contribution months. */
  | 'FUND_MONTHS';

/** One thing a host requires for a service, worded for a resident. */
export interface Requirement {
  code: RequirementCode;
  descriptionZh: string;
  descriptionEn: string;
  value: string;
}

/** One (version, host, service) of the policy, as `Query.recognitionPolicies` returns it. */
export interface PolicyRow {
  version: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  host: Region;
  service: Service;
  requirements: Requirement[];
}

/** Narrows the listing; an absent field does not filter. */
export interface PolicyFilter {
  host?: Region;
  service?: Service;
  /** ISO date: only the version in effect on it. */
  date?: string;
}

const MONTH_NAMES_EN = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function requirement(code: RequirementCode, value: string | number, descriptionZh: string, descriptionEn: string): Requirement {
  return { code, descriptionZh, descriptionEn, value: String(value) };
}

function nearNote(near: number): { zh: string; en: string } {
  if (near === 0) return { zh: '', en: '' };
  return {
    zh: `（差${near}个月以内的转人工复核）`,
    en: ` (up to ${near} month${near === 1 ? '' : 's'} short: referred for review)`,
  };
}

function requirementsFor(policy: Policy, host: Region, service: Service): Requirement[] {
  const { global } = policy;
  const thresholds = policy.hosts[host];
  const grace = service === 'MEDICAL_BILLING' ? global.medicalGraceDays : 0;
  const common = [
    requirement('ISSUER_SIGNATURE', 'Ed25519',
      '记录由签发地区以长三角信任登记册中的有效密钥签名',
      'The record is signed by the issuing region with a key valid in the YRD trust registry'),
    requirement('PERMIT_STATUS', 'VALID',
      '居住证状态有效（未暂停、注销或过期）',
      'The permit status is VALID (not suspended, revoked or expired)'),
    grace > 0
      ? requirement('PERMIT_NOT_EXPIRED', grace,
          `居住证在决定日期未过有效期；过期${grace}天以内的转人工复核`,
          `The permit has not expired on the decision date; expired up to ${grace} days: referred for review`)
      : requirement('PERMIT_NOT_EXPIRED', 0, '居住证在决定日期未过有效期', 'The permit has not expired on the decision date'),
  ];
  const near = nearNote(global.nearThresholdMonths);

  switch (service) {
    case 'SCHOOLING': {
      const s = thresholds.schooling;
      const [month, day] = s.childAgeOn.split('-').map(Number) as [number, number];
      return [
        ...common,
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
    case 'MEDICAL_BILLING':
      return [
        ...common,
        requirement('MEDICAL_INSURANCE_STATUS', 'ACTIVE', '签发地医疗保险处于参保状态', 'Medical insurance in the issuing region is active'),
      ];
    case 'PROVIDENT_FUND_WITHDRAWAL': {
      const { fundMonths } = thresholds.providentFundWithdrawal;
      return [
        ...common,
        requirement('FUND_ACCOUNT_STATUS', 'ACTIVE,SEALED', '住房公积金账户正常或封存（未销户）', 'The provident fund account is active or sealed (not closed)'),
        requirement('FUND_MONTHS', fundMonths,
          `连续缴存住房公积金满${fundMonths}个月${near.zh}`,
          `At least ${fundMonths} months of continuous provident-fund contributions${near.en}`),
      ];
    }
  }
}

/**
 * The policy as a partner can show it to a resident: one row per (version, host,
 * service), ordered by `effectiveFrom`, then region and service enum order.
 *
 * @throws RangeError when `filter.date` is given and not a `YYYY-MM-DD` date.
 */
export function listPolicies(set: PolicySet, filter: PolicyFilter = {}): PolicyRow[] {
  const { host, service, date } = filter;
  if (date !== undefined && !isIsoDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const inEffect = date === undefined ? set.policies : [policyFor(set, date)].filter((p) => p !== undefined);
  const hosts = host === undefined ? REGIONS : [host];
  const services = service === undefined ? SERVICES : [service];
  return inEffect.flatMap((policy) =>
    hosts.flatMap((h) =>
      services.map((s) => ({
        version: policy.version,
        effectiveFrom: policy.effectiveFrom,
        effectiveUntil: policy.effectiveUntil,
        host: h,
        service: s,
        requirements: requirementsFor(policy, h, s),
      })),
    ),
  );
}
