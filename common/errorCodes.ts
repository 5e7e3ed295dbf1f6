/**
 * Every `extensions.code` a client can receive, with its HTTP status when the whole
 * request fails for it, whether it is a refusal, and its messages. A refusal is the
 * gateway turning the request away (who asks, for what, how much, or a malformed input)
 * before any region served it; the audit trail records a request that failed only with
 * refusals as `REFUSED`, any other failure as `ERROR`. The README's error table lists
 * the same codes; test/readme.test.ts keeps the two in step.
 */
export const ERROR_CODES = {
  INVALID_PERMIT_NUMBER: {
    httpStatus: 400,
    refusal: true,
    en: 'The permit number is malformed or its check character is wrong.',
    zh: '居住证号码格式错误或校验码不正确。',
  },
  UNKNOWN_ISSUER: {
    httpStatus: 400,
    refusal: true,
    en: 'The permit was issued by a region that is not connected to the YRD interop scheme.',
    zh: '签发地区未接入长三角互认平台。',
  },
  PERMIT_NOT_FOUND: {
    httpStatus: 404,
    refusal: false,
    en: 'The issuing region has no permit with this number.',
    zh: '签发地区无此居住证。',
  },
  REGION_UNAVAILABLE: {
    httpStatus: 503,
    refusal: false,
    en: 'The issuing region cannot be reached now; retry later.',
    zh: '签发地区系统暂时无法访问，请稍后重试。',
  },
  REGION_TIMEOUT: {
    httpStatus: 504,
    refusal: false,
    en: 'The issuing region did not answer in time.',
    zh: '签发地区系统响应超时。',
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    refusal: true,
    en: 'A valid partner bearer token is required.',
    zh: '需要有效的合作方访问令牌。',
  },
  SCOPE_NOT_GRANTED: {
    httpStatus: 403,
    refusal: true,
    en: 'The partner token does not grant the scope this operation needs.',
    zh: '合作方令牌未授予此操作所需的权限范围。',
  },
  PURPOSE_NOT_GRANTED: {
    httpStatus: 403,
    refusal: true,
    en: 'The request must name one purpose (X-Purpose) that is granted to the partner and matches every service asked for.',
    zh: '请求须通过 X-Purpose 声明一个已授予合作方的用途，且与所请求的业务一致。',
  },
  FIELD_NOT_PERMITTED: {
    httpStatus: 403,
    refusal: true,
    en: 'The operation selects fields that the declared purpose may not see.',
    zh: '查询包含当前用途无权获取的字段。',
  },
  RATE_LIMITED: {
    httpStatus: 429,
    refusal: true,
    en: 'Too many requests from this partner; retry after the time in Retry-After.',
    zh: '请求过于频繁，请在 Retry-After 指定的时间后重试。',
  },
  QUERY_TOO_COMPLEX: {
    httpStatus: 400,
    refusal: true,
    en: 'The query exceeds an operation limit (depth, aliases, cost, tokens or directives).',
    zh: '查询超出操作限制（深度、别名、复杂度、词元或指令数量）。',
  },
  BATCH_TOO_LARGE: {
    httpStatus: 400,
    refusal: true,
    en: 'A batch holds at most 500 items.',
    zh: '单次批量请求最多 500 项。',
  },
  REQUEST_TOO_LARGE: {
    httpStatus: 400,
    refusal: true,
    en: 'A request names at most 500 permits and decisions across all its fields and aliases.',
    zh: '单次请求（含所有字段与别名）最多查询 500 个居住证或认定。',
  },
  REGION_BUSY: {
    httpStatus: 503,
    refusal: false,
    en: 'The issuing region is handling as many requests as the gateway allows; retry shortly.',
    zh: '签发地区当前请求已达网关并发上限，请稍后重试。',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    httpStatus: 400,
    refusal: false,
    en: 'Persisted queries are not supported; send the full query text.',
    zh: '不支持持久化查询，请发送完整查询语句。',
  },
  REQUEST_TIMEOUT: {
    httpStatus: 408,
    refusal: false,
    en: 'The request body did not arrive in time.',
    zh: '请求体未在规定时间内到达。',
  },
  GRAPHQL_PARSE_FAILED: {
    httpStatus: 400,
    refusal: true,
    en: 'The query is not valid GraphQL syntax.',
    zh: '查询语句存在语法错误。',
  },
  GRAPHQL_VALIDATION_FAILED: {
    httpStatus: 400,
    refusal: true,
    en: 'The query does not match the schema.',
    zh: '查询语句与接口模式不符。',
  },
  BAD_USER_INPUT: {
    httpStatus: 400,
    refusal: true,
    en: 'An argument or variable has the wrong type or value.',
    zh: '参数或变量的类型或取值错误。',
  },
  BAD_REQUEST: {
    httpStatus: 400,
    refusal: true,
    en: 'The request is not a valid GraphQL request.',
    zh: '请求不是有效的 GraphQL 请求。',
  },
  PERSONAL_NUMBER_IN_HEADER: {
    httpStatus: 400,
    refusal: true,
    en: 'A reference header (X-Request-Id, X-Case-Id, X-Officer-Id) holds what looks like a resident ID or permit number; send your own reference instead.',
    zh: '请求头（X-Request-Id、X-Case-Id、X-Officer-Id）中含有疑似身份证号码或居住证号码，请改用本单位自己的编号。',
  },
  METHOD_NOT_ALLOWED: {
    httpStatus: 405,
    refusal: false,
    en: 'GraphQL requests are sent with POST.',
    zh: 'GraphQL 请求须使用 POST 方法。',
  },
  NOT_FOUND: {
    httpStatus: 404,
    refusal: false,
    en: 'No such endpoint.',
    zh: '接口不存在。',
  },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    refusal: false,
    en: 'The request body is too large.',
    zh: '请求体过大。',
  },
  NOT_ACCEPTABLE: {
    httpStatus: 406,
    refusal: true,
    en: 'The Accept header must allow application/json or application/graphql-response+json; nothing was run.',
    zh: 'Accept 请求头须接受 application/json 或 application/graphql-response+json；请求未被执行。',
  },
  CODE_INVALID: {
    httpStatus: 400,
    refusal: true,
    en: 'The presentation code is malformed or its signature does not verify.',
    zh: '亮证码格式错误或签名验证未通过。',
  },
  CODE_EXPIRED: {
    httpStatus: 400,
    refusal: true,
    en: 'The presentation code has expired; ask the holder to show a new one.',
    zh: '亮证码已过期，请持证人重新出示。',
  },
  CODE_PURPOSE_MISMATCH: {
    httpStatus: 403,
    refusal: true,
    en: 'The presentation code was issued for another purpose than X-Purpose.',
    zh: '亮证码的用途与请求声明的用途（X-Purpose）不一致。',
  },
  CODE_AUDIENCE_MISMATCH: {
    httpStatus: 403,
    refusal: true,
    en: 'The presentation code was issued for another partner or host region.',
    zh: '亮证码指定的接收方不是当前合作方或其所在地区。',
  },
  ISSUER_NOT_TRUSTED: {
    httpStatus: 403,
    refusal: true,
    en: "The presentation code is not signed with a key the trust registry holds for its issuer on the day it was signed.",
    zh: '亮证码的签名密钥不在信任登记册中，或签发当日不属于该签发地区的有效密钥。',
  },
  CODE_ALREADY_USED: {
    httpStatus: 409,
    refusal: true,
    en: 'The presentation code has already been used; each code works once.',
    zh: '亮证码已被使用，每个亮证码仅可使用一次。',
  },
  CODE_CHECK_UNAVAILABLE: {
    httpStatus: 503,
    refusal: false,
    en: "The presentation code's single use cannot be checked now, so nothing is released and the code stays usable; retry shortly.",
    zh: '暂时无法核对亮证码是否已使用，不予提供数据，亮证码仍可使用，请稍后重试。',
  },
  PERMIT_NOT_PRESENTABLE: {
    httpStatus: 403,
    refusal: false,
    en: 'The permit is revoked or suspended: no presentation code is issued or honoured for it.',
    zh: '居住证已注销或暂停使用，不签发亦不受理其亮证码。',
  },
  CONSENT_REQUIRED: {
    httpStatus: 403,
    refusal: true,
    en: "For this purpose the permit's personal data is released only on a code the holder presents (verifyPresentation).",
    zh: '该用途下，居住证个人信息仅凭持证人出示的亮证码（verifyPresentation）提供。',
  },
  AUDIT_UNAVAILABLE: {
    httpStatus: 503,
    refusal: false,
    en: 'The audit trail cannot record the request now, so no personal data is released; retry later.',
    zh: '审计记录暂时无法写入，不予提供个人数据，请稍后重试。',
  },
  INTERNAL_ERROR: {
    httpStatus: 500,
    refusal: false,
    en: 'Internal error; the request id identifies it in our logs.',
    zh: '内部错误，可凭请求编号查询日志。',
  },
} as const satisfies Record<string, { httpStatus: number; refusal: boolean; en: string; zh: string }>;

/** One documented error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Whether `code` is a documented code that refuses a request (see `ERROR_CODES`). */
export function isRefusal(code: string): boolean {
  return isErrorCode(code) && ERROR_CODES[code].refusal;
}
