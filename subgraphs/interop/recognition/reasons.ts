/** Reason codes with their Chinese and English messages. */
export type ReasonTable = Readonly<Record<string, { readonly zh: string; readonly en: string }>>;

/**
 * The reasons every service can give, with their Chinese and English messages; each
 * service adds its own (services/, merged in services/registry.ts into the one message
 * table, docs/domain.md, "Recognition policy"). Messages are fixed per code; the numbers
 * and dates of a case travel in `observed` and `required`, so a policy change never makes
 * a message wrong.
 */
export const COMMON_REASON_MESSAGES = {
  SIGNATURE_INVALID: {
    zh: '签发地签名验证未通过，记录可能被篡改。',
    en: "The issuer's signature does not verify; the record may have been altered.",
  },
  SIGNING_KEY_UNKNOWN: {
    zh: '签名密钥不在长三角信任登记册中，无法核验记录。',
    en: 'The record is signed with a key the YRD trust registry does not hold; it cannot be verified.',
  },
  SIGNING_KEY_EXPIRED: {
    zh: '签名时签名密钥不在有效期内，无法核验记录。',
    en: 'The signing key was not valid when the record was signed; the record cannot be verified.',
  },
  ISSUER_MISMATCH: {
    zh: '签名密钥属于其他地区，不是居住证签发地区的密钥。',
    en: "The signing key belongs to another region than the permit's issuer.",
  },
  RECORD_MALFORMED: {
    zh: '签发地返回的记录字段格式有误，无法作出决定。',
    en: 'The issuing region sent a record with malformed fields; no decision can be made on it.',
  },
  NO_POLICY_IN_EFFECT: {
    zh: '决定日期没有生效的互认政策，不予认定。',
    en: 'No recognition policy is in effect on the decision date, so nothing is recognised.',
  },
  PERMIT_REVOKED: {
    zh: '居住证已被注销。',
    en: 'The permit has been revoked.',
  },
  PERMIT_SUSPENDED: {
    zh: '居住证已被暂停使用。',
    en: 'The permit is suspended.',
  },
  PERMIT_EXPIRED: {
    zh: '居住证已过有效期。',
    en: 'The permit has expired.',
  },
  IN_GRACE_PERIOD: {
    zh: '居住证过期未超过异地就医宽限期，需人工复核，不因续签拒绝结算。',
    en: 'The permit expired within the medical-billing grace period; a person must review so no treatment is refused over a renewal.',
  },
  EXPIRES_SOON: {
    zh: '居住证即将到期，请及时续签。',
    en: 'The permit expires soon; the holder should renew it.',
  },
  NEAR_THRESHOLD: {
    zh: '与规定月数相差很小，需人工复核。',
    en: 'Only just short of the required months; a person must review.',
  },
} as const satisfies ReasonTable;

/** One reason of a decision. */
export interface Reason {
  /** A code of the message table (services/registry.ts, `REASON_CODES`). */
  code: string;
  messageZh: string;
  messageEn: string;
  /** What the record shows, e.g. `11 months`; null when there is nothing to show. */
  observed: string | null;
  /** What the policy requires, e.g. `12 months`. */
  required: string | null;
}

/** A builder of reasons whose codes and messages come from `table`. */
export function reasonsFrom<T extends ReasonTable>(
  table: T,
): (code: keyof T & string, observed: string | null, required: string | null) => Reason {
  return (code, observed, required) => {
    const { zh, en } = table[code] as T[keyof T];
    return { code, messageZh: zh, messageEn: en, observed, required };
  };
}

/** Builds a reason every service can give, with the messages of its code. */
export const reason = reasonsFrom(COMMON_REASON_MESSAGES);

/** `1 month`, `11 months`: the unit style of `observed` and `required`. */
export function months(n: number): string {
  return `${n} ${Math.abs(n) === 1 ? 'month' : 'months'}`;
}

/** `1 day`, `30 days`. */
export function days(n: number): string {
  return `${n} ${Math.abs(n) === 1 ? 'day' : 'days'}`;
}
