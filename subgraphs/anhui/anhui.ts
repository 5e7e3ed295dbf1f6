import type { CityDefinition } from '../city/cityDefinition';

/** Anhui: the province's permits name their issuing city. */
export const anhui: CityDefinition = {
  region: 'ANHUI',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "签发城市代码 — 6-digit code of the issuing city, e.g. 340100 (合肥)."
    issuingCityCode: String!
    "签发城市名称 — Name of the issuing city, e.g. 合肥市."
    issuingCityName: String!
  `,
};
