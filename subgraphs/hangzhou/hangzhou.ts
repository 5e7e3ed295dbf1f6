import type { CityDefinition } from '../city/cityDefinition';

/** Hangzhou: points and district. */
export const hangzhou: CityDefinition = {
  region: 'HANGZHOU',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "居住证积分 — Residence-permit points."
    points: Int!
    "居住区县 — District of residence, e.g. 西湖区."
    district: String!
  `,
};
