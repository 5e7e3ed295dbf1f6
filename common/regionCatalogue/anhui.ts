import { SERVICES } from '../services';
import type { RegionEntry } from './RegionEntry';

/**
 * Anhui: the province's permits name their issuing city. The issuing city describes the
 * permit's issuer, like `issuingAuthorityCode`, so every purpose sees it.
 */
export const anhui = {
  region: 'ANHUI',
  nameZh: '安徽省',
  nameEn: 'Anhui',
  shortNameZh: '安徽',
  issuingCodePrefixes: ['34'],
  permitTypename: 'AnhuiPermit',
  subgraph: 'anhui',
  port: 4005,
  keyIdPrefix: 'AH',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "签发城市代码 — 6-digit code of the issuing city, e.g. 340100 (合肥)."
    issuingCityCode: String!
    "签发城市名称 — Name of the issuing city, e.g. 合肥市."
    issuingCityName: String!
  `,
  localFieldAudience: { issuingCityCode: SERVICES, issuingCityName: SERVICES },
} as const satisfies RegionEntry;
