import { z } from 'zod';
import type { FundAccountStatus, MedicalInsuranceStatus, PermitRecord, PermitStatus } from '../../../common/permit';
import type { Service } from '../../../common/services';
import { count, expecting, formatIssues, isoDate } from './validation';

const PERMIT_STATUSES = ['VALID', 'EXPIRED', 'SUSPENDED', 'REVOKED'] as const satisfies readonly PermitStatus[];
const MEDICAL_STATUSES = ['ACTIVE', 'SUSPENDED', 'NONE'] as const satisfies readonly MedicalInsuranceStatus[];
const FUND_STATUSES = ['ACTIVE', 'SEALED', 'CLOSED'] as const satisfies readonly FundAccountStatus[];

const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, expecting('an object'));

// Only the fields a decision for the service reads: a flaw elsewhere does not block it.
const common = {
  status: z.enum(PERMIT_STATUSES, expecting(PERMIT_STATUSES.join(' | '))),
  validUntil: isoDate,
};

const SHAPES: Record<Service, z.ZodType> = {
  SCHOOLING: object({
    ...common,
    residentSince: isoDate,
    dependants: z.array(object({ birthDate: isoDate }), expecting('an array')),
    socialInsurance: object({ contributionMonths: count }),
  }),
  MEDICAL_BILLING: object({
    ...common,
    medicalInsurance: object({ status: z.enum(MEDICAL_STATUSES, expecting(MEDICAL_STATUSES.join(' | '))) }),
  }),
  PROVIDENT_FUND_WITHDRAWAL: object({
    ...common,
    providentFund: object({
      status: z.enum(FUND_STATUSES, expecting(FUND_STATUSES.join(' | '))),
      contributionMonths: count,
    }),
  }),
};

/**
 * The malformed fields among those a decision for `service` reads (`permit.validUntil:
 * expected an ISO date YYYY-MM-DD`), empty when the record can be decided on. A record
 * arrives over HTTP from the issuing region, so its static type is a promise, not a fact;
 * the signature proves who wrote it, not that it is well formed.
 */
export function recordProblems(permit: PermitRecord, service: Service): string[] {
  return formatIssues('permit', SHAPES[service].safeParse(permit).error);
}
