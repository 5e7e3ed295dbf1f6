import { z } from 'zod';
import type { MedicalInsuranceStatus, PermitRecord } from '../../../../common/permit';
import { MEDICAL_BILLING } from '../../../../common/purposes/medicalBilling';
import type { GlobalPolicy } from '../globalPolicy';
import { reasonsFrom } from '../reasons';
import { anObject, expecting } from '../validation';
import { PASSED, requirement, type CheckResult, type Requirement, type ServiceModule } from './serviceModule';

const MEDICAL_STATUSES = ['ACTIVE', 'SUSPENDED', 'NONE'] as const satisfies readonly MedicalInsuranceStatus[];

const REASONS = {
  MEDICAL_INSURANCE_INACTIVE: {
    zh: '签发地医疗保险未处于参保状态。',
    en: 'Medical insurance in the issuing region is not active.',
  },
} as const;
const reason = reasonsFrom(REASONS);

function checks(permit: PermitRecord): CheckResult[] {
  const { status } = permit.medicalInsurance;
  if (status === 'ACTIVE') return [PASSED];
  return [{ outcome: 'REJECTED', reasons: [reason('MEDICAL_INSURANCE_INACTIVE', status, 'ACTIVE')] }];
}

function requirements(): Requirement[] {
  return [
    requirement('MEDICAL_INSURANCE_STATUS', 'ACTIVE', '签发地医疗保险处于参保状态', 'Medical insurance in the issuing region is active'),
  ];
}

/**
 * 异地就医结算 (docs/domain.md): active medical insurance; no thresholds per host, and a
 * permit expired within the grace days is referred so no treatment is refused over a renewal.
 */
export const medicalBilling = {
  purpose: MEDICAL_BILLING,
  record: {
    medicalInsurance: anObject({ status: z.enum(MEDICAL_STATUSES, expecting(MEDICAL_STATUSES.join(' | '))) }),
  },
  reasons: REASONS,
  graceDays: (global: GlobalPolicy) => global.medicalGraceDays,
  checks,
  requirements,
} as const satisfies ServiceModule;
