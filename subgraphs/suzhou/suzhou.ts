import type { CityDefinition } from '../city/cityDefinition';

/** Suzhou: points for school admission (积分入学) and district. */
export const suzhou: CityDefinition = {
  region: 'SUZHOU',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "积分入学积分 — Points for school admission of the holder's children."
    points: Int!
    "居住区县 — District of residence, e.g. 姑苏区."
    district: String!
  `,
};
