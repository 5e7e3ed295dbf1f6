import type { RegionEntry } from './RegionEntry';

/** Hangzhou: points and district, schooling only (as Suzhou's). */
export const hangzhou = {
  region: 'HANGZHOU',
  nameZh: '杭州市',
  nameEn: 'Hangzhou',
  shortNameZh: '杭州',
  issuingCodePrefixes: ['3301'],
  permitTypename: 'HangzhouPermit',
  subgraph: 'hangzhou',
  port: 4004,
  keyIdPrefix: 'HZ',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "居住证积分 — Residence-permit points."
    points: Int!
    "居住区县 — District of residence, e.g. 西湖区."
    district: String!
  `,
  localFieldAudience: { points: ['SCHOOLING'], district: ['SCHOOLING'] },
} as const satisfies RegionEntry;
