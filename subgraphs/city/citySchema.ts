import { commonPermitFields, FEDERATION_LINK, SHARED_TYPES_SDL } from '../../common/permitSdl';
import { REGION_INFO } from '../../common/regions';
import type { CityDefinition } from './cityDefinition';

/** The subgraph SDL of a city: its permit entity with common and local fields. */
export function citySubgraphSdl(city: CityDefinition): string {
  const info = REGION_INFO[city.region];
  return /* GraphQL */ `${FEDERATION_LINK}
${SHARED_TYPES_SDL}
${city.localTypesSdl}
"""
${info.nameZh}签发的居住证 — A residence permit issued by ${info.nameEn}, as its registry
holds it: the YRD common record plus ${info.nameEn}'s local fields.
"""
type ${info.permitTypename} @key(fields: "id") {
  "居住证号码 — Permit number: 19 characters, ISO 7064 MOD 11-2 check character."
  id: ID!
${commonPermitFields()}
${city.localFieldsSdl}
}
`;
}
