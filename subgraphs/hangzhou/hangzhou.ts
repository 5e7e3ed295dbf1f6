import type { CityDefinition } from '../city/cityDefinition';

/** Hangzhou: points and district. */
export const hangzhou: CityDefinition = {
  region: 'HANGZHOU',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "Residence-permit points (积分)."
    points: Int!
    "District of residence, e.g. 西湖区."
    district: String!
  `,
};
