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
  """
  核验持证人出示的亮证码 — Verifies a presentation code the holder shows (a QR code from
  their region's app): signature under the issuer's registered key, lifetime, purpose
  (must equal X-Purpose), audience (the calling partner or its region) and first use. A
  failed check is an error with its code (CODE_INVALID, CODE_EXPIRED, CODE_PURPOSE_MISMATCH,
  CODE_AUDIENCE_MISMATCH, ISSUER_NOT_TRUSTED, CODE_ALREADY_USED); each code answers once.
  The permit is the issuing region's current record, as the purpose allows.
  """
  verifyPresentation(code: String!): PresentationVerification!
}

"亮证码核验结果 — The outcome of a verified presentation code."
type PresentationVerification {
  "核验项 — What was checked; every check passed, or the request failed with its code."
  verification: CodeVerification!
  """
  居住证（签发地当前记录）— The permit as its region holds it now (status may have changed
  since the code was issued); null with REGION_UNAVAILABLE or REGION_TIMEOUT when the region
  cannot answer: then treat the code as UNVERIFIABLE. Ask its recognition(host, service) for a decision.
  """
  permit: ResidencePermit
}

"亮证码核验项 — The checks of a presentation code."
type CodeVerification {
  "签名有效 — The code's signature verifies under the key it names."
  signatureValid: Boolean!
  "签名密钥编号 — The issuer's key in the YRD trust registry."
  keyId: String!
  "签发方可信 — The key is registered to the code's issuer and was valid on the day it signed."
  issuerTrusted: Boolean!
  "未过期 — The code had not expired when verified."
  notExpired: Boolean!
  "用途一致 — The code's purpose equals X-Purpose."
  purposeMatches: Boolean!
  "接收方一致 — The code names no audience, or the calling partner or its region."
  audienceMatches: Boolean!
  "首次使用 — This is the code's first use (a reused code is CODE_ALREADY_USED)."
  firstUse: Boolean!
  "签发地区 — The issuing region."
  issuer: Region!
  "用途 — The purpose the holder presented the permit for."
  purpose: Service!
  "指定接收方 — The partner id or host region the code is for; null: any partner."
  audience: String
  "签发时间 — When the code was issued, ISO date-time (UTC)."
  issuedAt: String!
  "失效时间 — When the code expires, ISO date-time (UTC)."
  expiresAt: String!
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
