import type { Purpose } from './purpose';

/** 异地就医结算: decides on the medical insurance only. */
export const MEDICAL_BILLING = {
  name: 'MEDICAL_BILLING',
  description: '异地就医结算 — Cross-region medical billing.',
  maySee: ['ResidencePermit.medicalInsurance', 'MedicalInsurance.status'],
} as const satisfies Purpose;
