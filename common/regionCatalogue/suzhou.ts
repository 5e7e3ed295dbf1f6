import type { RegionEntry } from './RegionEntry';

/**
 * Suzhou: points for school admission (积分入学) and district. Both are schooling only:
 * points decide admission, and the district is the district of residence, like
 * `residence.districtCode`.
 */
export const suzhou = {
  region: 'SUZHOU',
  nameZh: '苏州市',
  nameEn: 'Suzhou',
  shortNameZh: '苏州',
  issuingCodePrefixes: ['3205'],
  permitTypename: 'SuzhouPermit',
  subgraph: 'suzhou',
  port: 4003,
  keyIdPrefix: 'SZ',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "积分入学积分 — Points for school admission of the holder's children."
    points: Int!
    "居住区县 — District of residence, e.g. 姑苏区."
    district: String!
  `,
  localFieldAudience: { points: ['SCHOOLING'], district: ['SCHOOLING'] },
} as const satisfies RegionEntry;
