import type { CityDefinition } from '../city/cityDefinition';

/** Shanghai: category A/B/C and points (积分). */
export const shanghai: CityDefinition = {
  region: 'SHANGHAI',
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
};
