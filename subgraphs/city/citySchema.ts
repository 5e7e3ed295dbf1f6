import { commonPermitFields, FEDERATION_LINK, sharedTypesSdl } from '../../common/permitSdl';
import { REGION_CATALOGUE, type RegionCatalogue, type RegionEntry } from '../../common/regions';

/**
 * The subgraph SDL of a city: its permit entity with common and local fields. The
 * `Region` enum is the catalogue's: the real one unless a test passes its own.
 */
export function citySubgraphSdl(city: RegionEntry, catalogue: RegionCatalogue = REGION_CATALOGUE): string {
  const info = city;
  return /* GraphQL */ `${FEDERATION_LINK}
${sharedTypesSdl(catalogue)}
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
