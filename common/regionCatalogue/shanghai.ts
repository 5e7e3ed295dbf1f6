import { SERVICES } from '../services';
import type { RegionEntry } from './RegionEntry';

/**
 * Shanghai: category A/B/C and points (积分). The category describes the permit, like
 * its issuing authority, so every purpose sees it; points are scored from the holder's
 * education, tax and insurance record and decide school admission: schooling only.
 */
export const shanghai = {
  region: 'SHANGHAI',
  nameZh: '上海市',
  nameEn: 'Shanghai',
  shortNameZh: '上海',
  issuingCodePrefixes: ['31'],
  permitTypename: 'ShanghaiPermit',
  subgraph: 'shanghai',
  port: 4002,
  keyIdPrefix: 'SH',
  localTypesSdl: /* GraphQL */ `
    "上海居住证类别 — Shanghai permit category."
    enum ShanghaiPermitCategory {
      "A 人才类 — talent"
      A
      "B 一般从业类 — general employment"
      B
      "C 短期居住类 — short-term residence"
      C
    }
  `,
  localFieldsSdl: /* GraphQL */ `
    "居住证类别 — Shanghai category A/B/C."
    category: ShanghaiPermitCategory!
    "居住证积分 — Residence-permit points; 120 is the standard score."
    points: Int!
  `,
  localFieldAudience: { category: SERVICES, points: ['SCHOOLING'] },
} as const satisfies RegionEntry;
