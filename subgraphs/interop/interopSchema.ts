import { commonPermitFields, FEDERATION_LINK, sharedTypesSdl, SIGNED_RECORD_SELECTION } from '../../common/permitSdl';
import { REGION_CATALOGUE, type RegionCatalogue } from '../../common/regions';
import { DEFAULTS } from '../../common/defaults';
import { serviceEnumSdl } from '../../common/services';


/** The decision fields' SDL; `directive` is appended to each (the stubs' @requires). */
function recognitionFields(directive = ''): string {
  const d = directive ? ` ${directive}` : '';
  return /* GraphQL */ `
    """
    互认决定 — Is this permit recognised in \`host\` for \`service\`, and why? Decided by
    the YRD hub from the issuer's signed record under the recognition policy in effect.
    """
    recognition(
      "办理地区 — The host region asked to recognise the permit."
      host: Region!
      "办理业务 — The service asked for; must be the request's X-Purpose."
      service: Service!
    ): Recognition!${d}
    """
    批量互认中本项的决定 — The decision for the host and service of the \`recognise\` item
    this permit was reached through; null when the permit was not reached through
    \`recognise\`.
    """
    requestedRecognition: Recognition${d}
`;
}

const PERMIT_ID_DESCRIPTION = '"居住证号码 — Permit number: 6-digit issuing code, year, 8-digit serial, check character."';

// The interop hub holds no permit data: in its stubs every common field is external,
// and the decision fields name them in @requires so the planner fetches them from the
// issuing city first. `decisionContext` is in the key so that a `recognise` item's
// host and service travel with the entity reference to the decision fetch.
function permitStub(typename: string): string {
  return /* GraphQL */ `
  type ${typename} implements ResidencePermit @key(fields: "id decisionContext") {
    ${PERMIT_ID_DESCRIPTION}
    id: ID!
    decisionContext: String @inaccessible
    ${commonPermitFields('@external')}
    ${recognitionFields(`@requires(fields: "${SIGNED_RECORD_SELECTION}")`)}
  }`;
}

/**
 * The interop hub's subgraph SDL over a region catalogue (one permit stub per region):
 * the real one unless a test passes its own.
 */
export function interopSdl(catalogue: RegionCatalogue = REGION_CATALOGUE): string {
  return /* GraphQL */ `${FEDERATION_LINK}
${sharedTypesSdl(catalogue)}
"查询入口 — The queries of the YRD interop API."
type Query {
  "按号码查询居住证 — One permit by its number, from the region that issued it."
  permit(
    "居住证号码 — The permit number (19 characters)."
    id: ID!
  ): ResidencePermit
  """
  批量查询居住证 — Many permits at once (at most ${DEFAULTS.maxBatchItems}), one result per id
  in request order. A malformed or unconnected id carries its own error; the others are
  answered.
  """
  permits(
    "居住证号码列表 — The permit numbers, at most ${DEFAULTS.maxBatchItems}."
    ids: [ID!]!
  ): [PermitLookup!]!
  """
  批量互认决定 — Recognition decisions for many (permit, host, service) requests at once
  (at most ${DEFAULTS.maxBatchItems}), one result per request in request order.
  """
  recognise(
    "互认请求列表 — The requests, at most ${DEFAULTS.maxBatchItems}; one service per HTTP request."
    requests: [RecognitionRequest!]!
  ): [RecognitionItem!]!
  "现行互认政策 — The recognition policies in effect: what each host requires for each service."
  recognitionPolicies(
    "办理地区（可选） — Only this host's policies; all hosts when omitted."
    host: Region
    "办理业务（可选） — Only this service's policies; all services when omitted."
    service: Service
  ): [RecognitionPolicy!]!
  "互认地区目录 — The directory of connected regions."
  regions: [RegionInfo!]!
  """
  核验持证人出示的亮证码 — Verifies a presentation code the holder shows (a QR code from
  their region's app): signature under the issuer's registered key, lifetime, purpose
  (must equal X-Purpose), audience (the calling partner or its region) and first use. A
  failed check is an error with its code (CODE_INVALID, CODE_EXPIRED, CODE_PURPOSE_MISMATCH,
  CODE_AUDIENCE_MISMATCH, ISSUER_NOT_TRUSTED, CODE_ALREADY_USED, CODE_CHECK_UNAVAILABLE); each
  code answers once. The permit is the issuing region's live record, as the purpose allows;
  select it (the checks alone are refused).
  """
  verifyPresentation(
    "亮证码（二维码内容，紧凑 JWS） — The presentation code as scanned: the QR code's text, a compact JWS."
    code: String!
  ): PresentationVerification!
}

"亮证码核验结果 — The outcome of a verified presentation code."
type PresentationVerification {
  "核验项 — What was checked; every check passed, or the request failed with its code."
  verification: CodeVerification!
  """
  居住证（签发地当前记录）— The permit as its region holds it now, never a cached copy; null
  with PERMIT_NOT_PRESENTABLE when it has been revoked or suspended since the code was issued,
  and with REGION_UNAVAILABLE or REGION_TIMEOUT when the region cannot answer: then treat the
  code as UNVERIFIABLE. Ask its recognition(host, service) for a decision.
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
长三角电子居住证 — An electronic residence permit of a YRD region. The common fields are
the YRD standard record; each region's type adds its local fields.
"""
interface ResidencePermit @key(fields: "id decisionContext") {
  ${PERMIT_ID_DESCRIPTION}
  id: ID!
  decisionContext: String @inaccessible
${commonPermitFields()}
${recognitionFields()}
}
${catalogue.map((e) => permitStub(e.permitTypename)).join('\n')}

${serviceEnumSdl()}

"批量中单项的错误 — An error that belongs to one item of a batch."
type ItemError {
  "错误代码 — A code of the documented list (README, Errors)."
  code: String!
  "英文说明 — The error in English."
  messageEn: String!
  "中文说明 — The error in Chinese."
  messageZh: String!
}

"单项查询结果 — One result of a permits batch."
type PermitLookup {
  "所查号码 — The id as asked."
  id: String!
  "居住证 — The permit; null when \`error\` is set or the region could not answer (see errors)."
  permit: ResidencePermit
  "本项错误 — This item's error (malformed or unconnected number); null otherwise."
  error: ItemError
}

"互认请求 — One (permit, host, service) request of a recognise batch."
input RecognitionRequest {
  "居住证号码 — The permit number."
  permitId: ID!
  "办理地区 — The host region asked to recognise the permit."
  host: Region!
  "办理业务 — The service; every item of a request must match its X-Purpose."
  service: Service!
}

"单项互认结果 — One result of a recognise batch."
type RecognitionItem {
  "居住证号码 — The permit number as asked."
  permitId: String!
  "办理地区 — The host region of this item."
  host: Region!
  "办理业务 — The service of this item."
  service: Service!
  "居住证 — The permit; its requestedRecognition holds this item's decision."
  permit: ResidencePermit
  "本项错误 — This item's error; null otherwise."
  error: ItemError
}

"互认结论 — The outcome of a recognition decision."
enum Decision {
  "予以互认 — The host recognises the permit for the service."
  RECOGNISED
  "转人工复核 — A person must review the case (near a threshold, grace period)."
  REFERRED
  "不予互认 — The host does not recognise the permit for the service."
  REJECTED
  "无法核验 — The data could not be had or verified; never treated as recognised."
  UNVERIFIABLE
}

"互认决定 — A recognition decision and its reasons."
type Recognition {
  "办理地区 — The host region."
  host: Region!
  "办理业务 — The service."
  service: Service!
  "互认结论 — The decision."
  decision: Decision!
  "决定理由 — Every reason that led to the decision, the blocking ones first."
  reasons: [Reason!]!
  "可办理日期 — When a waiting period fails: the date from which the holder qualifies if nothing changes."
  eligibleFrom: String
  "政策版本 — Version of the recognition policy applied."
  policyVersion: String
  "决定日期 — ISO date of the decision."
  decidedAt: String!
  "签名核验 — How the issuer's signed record was verified."
  verification: Verification!
}

"决定理由 — One reason of a decision."
type Reason {
  "理由代码 — A stable code, e.g. SOCIAL_INSURANCE_TOO_SHORT."
  code: String!
  "中文说明 — The reason in Chinese."
  messageZh: String!
  "英文说明 — The reason in English."
  messageEn: String!
  "记录所示 — What the record shows, e.g. \\"11 months\\"."
  observed: String
  "政策要求 — What the policy requires, e.g. \\"12 months\\"."
  required: String
}

"签名核验结果 — The verification of the issuer's signed record."
type Verification {
  "签名有效 — The issuer's signature over the record verifies under a registered key."
  signatureValid: Boolean!
  "密钥编号 — The key id the record names."
  keyId: String!
  "签发机关可信 — The key is registered for the issuing region and valid on the decision date."
  issuerTrusted: Boolean!
}

"互认政策 — What a host requires for a service, in one version."
type RecognitionPolicy {
  "政策版本 — The policy version, e.g. 2026.1."
  version: String!
  "生效日期 — ISO date from which the policy applies."
  effectiveFrom: String!
  "失效日期 — ISO date until which it applies; null when open-ended."
  effectiveUntil: String
  "办理地区 — The host region."
  host: Region!
  "办理业务 — The service."
  service: Service!
  "政策要求 — The requirements, in the order they are checked."
  requirements: [PolicyRequirement!]!
}

"政策要求 — One requirement of a policy."
type PolicyRequirement {
  "要求代码 — A stable code, e.g. RESIDENCE_MONTHS."
  code: String!
  "中文说明 — The requirement in Chinese."
  descriptionZh: String!
  "英文说明 — The requirement in English."
  descriptionEn: String!
  "要求取值 — The threshold or value, e.g. 12; null when none."
  value: String
}

"互认地区信息 — A connected region in the directory."
type RegionInfo {
  "地区 — The region."
  region: Region!
  "中文名称 — The region's name in Chinese."
  nameZh: String!
  "英文名称 — The region's name in English."
  nameEn: String!
  "签发代码前缀 — Administrative-code prefixes (GB/T 2260) of the permits this region issues."
  issuingCodePrefixes: [String!]!
}
`;
}

/** The interop hub's subgraph SDL. */
export const INTEROP_SDL = interopSdl();
