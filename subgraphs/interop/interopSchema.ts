import { commonPermitFields, FEDERATION_LINK, SHARED_TYPES_SDL, SIGNED_RECORD_SELECTION } from '../../common/permitSdl';
import { REGIONS, REGION_INFO } from '../../common/regions';
import { DEFAULTS } from '../../common/defaults';


const RECOGNITION_FIELDS = /* GraphQL */ `
    """
    Is this permit recognised in \`host\` for \`service\`, and why? Decided by the YRD hub
    from the issuer's signed record under the recognition policy in effect.
    """
    recognition(host: Region!, service: Service!): Recognition!
    """
    The decision for the host and service of the \`recognise\` item this permit was
    reached through; null when the permit was not reached through \`recognise\`.
    """
    requestedRecognition: Recognition
`;

// The interop hub holds no permit data: in its stubs every common field is external,
// and the decision fields name them in @requires so the planner fetches them from the
// issuing city first. `decisionContext` is in the key so that a `recognise` item's
// host and service travel with the entity reference to the decision fetch.
function permitStub(typename: string): string {
  return /* GraphQL */ `
  type ${typename} implements ResidencePermit @key(fields: "id decisionContext") {
    id: ID!
    decisionContext: String @inaccessible
    ${commonPermitFields('@external')}
    recognition(host: Region!, service: Service!): Recognition! @requires(fields: "${SIGNED_RECORD_SELECTION}")
    requestedRecognition: Recognition @requires(fields: "${SIGNED_RECORD_SELECTION}")
  }`;
}

/** The interop hub's subgraph SDL. */
export const INTEROP_SDL = /* GraphQL */ `${FEDERATION_LINK}
${SHARED_TYPES_SDL}
type Query {
  "One permit by its number, from the region that issued it."
  permit(id: ID!): ResidencePermit
  """
  Many permits at once (at most ${DEFAULTS.maxBatchItems}), one result per id in request order.
  A malformed or unconnected id carries its own error; the others are answered.
  """
  permits(ids: [ID!]!): [PermitLookup!]!
  """
  Recognition decisions for many (permit, host, service) requests at once (at most
  ${DEFAULTS.maxBatchItems}), one result per request in request order.
  """
  recognise(requests: [RecognitionRequest!]!): [RecognitionItem!]!
  "The recognition policies in effect: what each host requires for each service."
  recognitionPolicies(host: Region, service: Service): [RecognitionPolicy!]!
  "The directory of connected regions."
  regions: [RegionInfo!]!
}

"""
An electronic residence permit (电子居住证) of a YRD region. The common fields are the YRD
standard record; each region's type adds its local fields.
"""
interface ResidencePermit @key(fields: "id decisionContext") {
  "Permit number: 6-digit issuing code, year, 8-digit serial, check character."
  id: ID!
  decisionContext: String @inaccessible
${commonPermitFields()}
${RECOGNITION_FIELDS}
}
${REGIONS.map((r) => permitStub(REGION_INFO[r].permitTypename)).join('\n')}

"A purpose a partner asks on behalf of."
enum Service {
  "随迁子女入学 schooling of accompanying children"
  SCHOOLING
  "异地就医结算 cross-region medical billing"
  MEDICAL_BILLING
  "公积金异地提取 provident-fund withdrawal"
  PROVIDENT_FUND_WITHDRAWAL
}

"An error that belongs to one item of a batch."
type ItemError {
  "A code of the documented list (README, Errors)."
  code: String!
  messageEn: String!
  messageZh: String!
}

type PermitLookup {
  "The id as asked."
  id: String!
  "The permit; null when \`error\` is set or the region could not answer (see errors)."
  permit: ResidencePermit
  error: ItemError
}

input RecognitionRequest {
  permitId: ID!
  host: Region!
  service: Service!
}

type RecognitionItem {
  permitId: String!
  host: Region!
  service: Service!
  "The permit; its requestedRecognition holds this item's decision."
  permit: ResidencePermit
  error: ItemError
}

enum Decision {
  "The host recognises the permit for the service."
  RECOGNISED
  "A person must review the case (near a threshold, grace period)."
  REFERRED
  REJECTED
  "The data could not be had or verified; never treated as recognised."
  UNVERIFIABLE
}

type Recognition {
  host: Region!
  service: Service!
  decision: Decision!
  "Every reason that led to the decision, the blocking ones first."
  reasons: [Reason!]!
  "When a waiting period fails: the date from which the holder qualifies if nothing changes."
  eligibleFrom: String
  "Version of the recognition policy applied."
  policyVersion: String
  "ISO date of the decision."
  decidedAt: String!
  verification: Verification!
}

type Reason {
  code: String!
  messageZh: String!
  messageEn: String!
  "What the record shows, e.g. \\"11 months\\"."
  observed: String
  "What the policy requires, e.g. \\"12 months\\"."
  required: String
}

type Verification {
  "The issuer's signature over the record verifies under a registered key."
  signatureValid: Boolean!
  keyId: String!
  "The key is registered for the issuing region and valid on the decision date."
  issuerTrusted: Boolean!
}

type RecognitionPolicy {
  version: String!
  effectiveFrom: String!
  effectiveUntil: String
  host: Region!
  service: Service!
  requirements: [PolicyRequirement!]!
}

type PolicyRequirement {
  code: String!
  descriptionZh: String!
  descriptionEn: String!
  value: String
}

type RegionInfo {
  region: Region!
  nameZh: String!
  nameEn: String!
  "Administrative-code prefixes (GB/T 2260) of the permits this region issues."
  issuingCodePrefixes: [String!]!
}
`;
