import type { Purpose } from './purpose';

/** 公积金异地提取: decides on the provident fund account. */
export const PROVIDENT_FUND_WITHDRAWAL = {
  name: 'PROVIDENT_FUND_WITHDRAWAL',
  description: '公积金异地提取 — Provident-fund withdrawal.',
  maySee: ['ResidencePermit.providentFund', 'ProvidentFund.status', 'ProvidentFund.contributionMonths'],
} as const satisfies Purpose;
