import { REGION_CATALOGUE, type RegionCatalogue } from './regions';
import { DISCLOSURE_NAMES } from './signing';

/**
 * SDL the interop hub and every city subgraph share: the YRD common permit record
 * (docs/domain.md) and its value types. Value types are `@shareable` because each city
 * resolves them for its own permit type.
 */

export const FEDERATION_LINK = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", "@external", "@requires", "@shareable", "@inaccessible"]
    )
`;

/** The `Region` enum, one value per catalogue entry (docs/adding-a-region.md). */
export function regionEnumSdl(catalogue: RegionCatalogue = REGION_CATALOGUE): string {
  const values = catalogue.map((e) => {
    const codes = e.issuingCodePrefixes.map((p) => p.padEnd(6, 'x')).join(', ');
    return `    "${e.nameZh} — ${e.nameEn} (issuing codes ${codes})"\n    ${e.region}\n`;
  });
  return `  "长三角互认地区 — A connected YRD member region."\n  enum Region {\n${values.join('')}  }\n`;
}

/** The shared SDL over a catalogue: its `Region` enum, then the value types. */
export function sharedTypesSdl(catalogue: RegionCatalogue = REGION_CATALOGUE): string {
  return `\n${regionEnumSdl(catalogue)}\n${VALUE_TYPES_SDL}`;
}

const VALUE_TYPES_SDL = /* GraphQL */ `  "居住证状态 — Lifecycle state of a permit in its issuing registry."
  enum PermitStatus {
    "有效 — Valid."
    VALID
    "已过期 — Expired."
    EXPIRED
    "已暂停 — Suspended by the issuer."
    SUSPENDED
    "已注销 — Revoked by the issuer."
    REVOKED
  }

  "医疗保险状态 — State of the holder's basic medical insurance."
  enum MedicalInsuranceStatus {
    "正常参保 — Insured and contributing."
    ACTIVE
    "暂停参保 — Insurance suspended."
    SUSPENDED
    "未参保 — Not insured."
    NONE
  }

  "公积金账户状态 — State of the holder's provident-fund account."
  enum FundAccountStatus {
    "正常缴存 — Active, contributions being paid."
    ACTIVE
    "封存 — Sealed: no contributions now, balance kept."
    SEALED
    "销户 — Closed."
    CLOSED
  }

  "持证人（源头脱敏） — The permit holder, masked at the source so that nothing else released narrows it back."
  type Holder @shareable {
    "姓名（仅姓氏） — Surname only, e.g. 张**."
    name: String!
    "公民身份号码（仅末四位） — Resident identity number, last four characters only, e.g. **************123X."
    idNumber: String!
    "出生日期（不向任何用途提供） — ISO date. Released to no purpose: no service needs it, and with the ID number's last characters it would narrow the holder."
    birthDate: String!
  }

  "随迁子女 — A child registered on the permit (for schooling)."
  type Dependant @shareable {
    "姓名（仅姓氏） — Surname only, e.g. 李**."
    name: String!
    "出生日期 — ISO date of birth."
    birthDate: String!
  }

  "居住地 — Where the holder lives."
  type Residence @shareable {
    "居住地区县代码 — 6-digit administrative code of the district of residence."
    districtCode: String!
    "居住地址（除区县外脱敏） — Address, masked except the district."
    address: String!
  }

  "社会保险 — The holder's social insurance in the issuing region."
  type SocialInsurance @shareable {
    "连续缴费月数 — Continuous contribution months as of lastContributionMonth."
    contributionMonths: Int!
    "最近缴费月份 — YYYY-MM of the latest contribution; null if the holder never contributed."
    lastContributionMonth: String
  }

  "医疗保险 — The holder's basic medical insurance."
  type MedicalInsurance @shareable {
    "参保状态 — Basic medical insurance in the issuing region."
    status: MedicalInsuranceStatus!
  }

  "住房公积金 — The holder's provident-fund account."
  type ProvidentFund @shareable {
    "账户状态 — State of the account."
    status: FundAccountStatus!
    "连续缴存月数 — Continuous contribution months."
    contributionMonths: Int!
  }

  """
  签发机关签名记录（选择性披露） — The issuer's signed record in selective-disclosure form
  (IETF SD-JWT): the issuer signs the public fields in the clear and each personal field as
  a salted digest. Verify issuerSigned with the issuer's key from the trust registry, then
  check that each disclosure you were given hashes to a digest in it.
  docs/selective-disclosure.md.
  """
  type PermitSignature @shareable {
    "签名算法 — JWS algorithm: EdDSA (Ed25519)."
    algorithm: String!
    "密钥编号 — Key id in the YRD trust registry."
    keyId: String!
    "签名时间 — ISO date-time (UTC) at which the issuer signed."
    signedAt: String!
    "签发机关签名部分 — Compact JWS: id, issuer, status and validity in the clear, every personal field as a salted SHA-256 digest."
    issuerSigned: String!
    "披露项 — The disclosures; a purpose may select only those of the fields it may see."
    disclosures: PermitDisclosures!
  }

  """
  每个个人字段一项披露 — One SD-JWT disclosure per personal field: base64url of the JSON
  array [salt, claim name, value]. Append the ones you hold to issuerSigned with '~'
  (issuerSigned~d1~d2~) for an SD-JWT any SD-JWT library verifies.
  """
  type PermitDisclosures @shareable {
    "持证人姓名的披露 — Disclosure of holder.name."
    holderName: String!
    "持证人身份号码的披露 — Disclosure of holder.idNumber."
    holderIdNumber: String!
    "持证人出生日期的披露（不向任何用途提供） — Disclosure of holder.birthDate (released to no purpose)."
    holderBirthDate: String!
    "随迁子女的披露 — Disclosure of dependants."
    dependants: String!
    "居住地区县代码的披露 — Disclosure of residence.districtCode."
    residenceDistrictCode: String!
    "居住地址的披露（不向任何用途提供） — Disclosure of residence.address (released to no purpose)."
    residenceAddress: String!
    "社会保险的披露 — Disclosure of socialInsurance."
    socialInsurance: String!
    "医疗保险的披露 — Disclosure of medicalInsurance."
    medicalInsurance: String!
    "住房公积金的披露 — Disclosure of providentFund."
    providentFund: String!
  }
`;

export const SHARED_TYPES_SDL = sharedTypesSdl();

/**
 * The common fields of every permit type, in SDL (without `id`). `directive` is
 * appended to each field: the interop hub's stubs mark them ` @external`.
 */
export function commonPermitFields(directive = ''): string {
  const d = directive ? ` ${directive}` : '';
  return /* GraphQL */ `
    "签发地区 — Issuing region."
    issuer: Region!${d}
    "签发机关代码 — 6-digit administrative code of the issuing authority (GB/T 2260)."
    issuingAuthorityCode: String!${d}
    "居住证状态 — Lifecycle state in the issuing registry."
    status: PermitStatus!${d}
    "有效期起始日 — ISO date from which this permit is valid."
    validFrom: String!${d}
    "有效期截止日（含） — ISO date until which this permit is valid (inclusive)."
    validUntil: String!${d}
    "连续居住起始日 — ISO date: start of continuous residence on permits."
    residentSince: String!${d}
    "持证人（脱敏） — The holder, masked."
    holder: Holder!${d}
    "随迁子女 — Children registered on the permit."
    dependants: [Dependant!]!${d}
    "居住地 — Residence."
    residence: Residence!${d}
    "社会保险 — Social insurance."
    socialInsurance: SocialInsurance!${d}
    "医疗保险 — Medical insurance."
    medicalInsurance: MedicalInsurance!${d}
    "住房公积金 — Provident fund."
    providentFund: ProvidentFund!${d}
    "签发机关签名记录 — The issuer's signed record (SD-JWT)."
    signature: PermitSignature!${d}
`;
}

/**
 * The selection of the common record the interop hub needs to verify and decide: the
 * signed record with every disclosure (`@requires` of `recognition`). The hub decides on
 * what the issuer signed, so it needs none of the plain fields.
 */
export const SIGNED_RECORD_SELECTION = `signature { algorithm keyId signedAt issuerSigned disclosures { ${DISCLOSURE_NAMES.join(' ')} } }`;
