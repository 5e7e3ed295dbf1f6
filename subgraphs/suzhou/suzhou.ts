import type { CityDefinition } from '../city/cityDefinition';

/** Suzhou: points for school admission (积分入学) and district. */
export const suzhou: CityDefinition = {
  region: 'SUZHOU',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "Points for school admission of the holder's children (积分入学)."
    points: Int!
    "District of residence, e.g. 姑苏区."
    district: String!
  `,
};
