import type { Purpose } from './purpose';

/** 随迁子女入学: decides on the children, the residence and social insurance. */
export const SCHOOLING = {
  name: 'SCHOOLING',
  description: '随迁子女入学 — Schooling of accompanying children.',
  maySee: [
    'ResidencePermit.dependants',
    'ResidencePermit.residence',
    'ResidencePermit.socialInsurance',
    // Dependants' birth dates stay: schooling decides on them (docs/domain.md, "Masking").
    'Dependant.name',
    'Dependant.birthDate',
    'Residence.districtCode',
    'SocialInsurance.contributionMonths',
    'SocialInsurance.lastContributionMonth',
  ],
} as const satisfies Purpose;
