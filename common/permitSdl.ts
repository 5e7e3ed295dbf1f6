/**
 * SDL the interop hub and every city subgraph share: the YRD common permit record
 * (DOMAIN.md) and its value types. Value types are `@shareable` because each city
 * resolves them for its own permit type.
 */

export const FEDERATION_LINK = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.9"
      import: ["@key", "@external", "@requires", "@shareable", "@inaccessible"]
    )
`;

export const SHARED_TYPES_SDL = /* GraphQL */ `
  "A connected YRD member region. 长三角互认地区。"
  enum Region {
    "上海市 Shanghai (issuing codes 31xxxx)"
    SHANGHAI
    "苏州市 Suzhou (issuing codes 3205xx)"
    SUZHOU
    "杭州市 Hangzhou (issuing codes 3301xx)"
    HANGZHOU
    "安徽省 Anhui (issuing codes 34xxxx)"
    ANHUI
  }

  "Lifecycle state of a permit in its issuing registry."
  enum PermitStatus {
    VALID
    EXPIRED
    SUSPENDED
    REVOKED
  }

  enum MedicalInsuranceStatus {
    ACTIVE
    SUSPENDED
    NONE
  }

  enum FundAccountStatus {
    ACTIVE
    SEALED
    CLOSED
  }

  "The permit holder, identifiers masked at the source."
  type Holder @shareable {
    "Masked name, e.g. 张*三."
    name: String!
    "Masked resident identity number, e.g. 310***********123X."
    idNumber: String!
    "ISO date."
    birthDate: String!
  }

  "A child registered on the permit (for schooling)."
  type Dependant @shareable {
    "Masked name."
    name: String!
    "ISO date."
    birthDate: String!
  }

  type Residence @shareable {
    "6-digit administrative code of the district of residence."
    districtCode: String!
    "Address, masked except the district."
    address: String!
  }

  type SocialInsurance @shareable {
    "Continuous contribution months as of lastContributionMonth."
    contributionMonths: Int!
    "YYYY-MM of the latest contribution; null if the holder never contributed."
    lastContributionMonth: String
  }

  type MedicalInsurance @shareable {
    "Basic medical insurance in the issuing region."
    status: MedicalInsuranceStatus!
  }

  type ProvidentFund @shareable {
    status: FundAccountStatus!
    "Continuous contribution months."
    contributionMonths: Int!
  }

  "The issuer's Ed25519 signature over the canonical common record."
  type PermitSignature @shareable {
    algorithm: String!
    "Key id in the YRD trust registry."
    keyId: String!
    "base64url signature bytes."
    value: String!
  }
`;

/**
 * The common fields of every permit type, in SDL (without `id`). `directive` is
 * appended to each field: the interop hub's stubs mark them ` @external`.
 */
export function commonPermitFields(directive = ''): string {
  const d = directive ? ` ${directive}` : '';
  return /* GraphQL */ `
    "Issuing region."
    issuer: Region!${d}
    "6-digit administrative code of the issuing authority (GB/T 2260)."
    issuingAuthorityCode: String!${d}
    status: PermitStatus!${d}
    "ISO date from which this permit is valid."
    validFrom: String!${d}
    "ISO date until which this permit is valid (inclusive)."
    validUntil: String!${d}
    "ISO date: start of continuous residence on permits."
    residentSince: String!${d}
    holder: Holder!${d}
    dependants: [Dependant!]!${d}
    residence: Residence!${d}
    socialInsurance: SocialInsurance!${d}
    medicalInsurance: MedicalInsurance!${d}
    providentFund: ProvidentFund!${d}
    signature: PermitSignature!${d}
`;
}

/**
 * The selection of the common record the interop hub needs to verify and decide:
 * every signed field plus the signature (`@requires` of `recognition`).
 */
export const SIGNED_RECORD_SELECTION =
  'issuer issuingAuthorityCode status validFrom validUntil residentSince ' +
  'holder { name idNumber birthDate } dependants { name birthDate } ' +
  'residence { districtCode address } ' +
  'socialInsurance { contributionMonths lastContributionMonth } ' +
  'medicalInsurance { status } providentFund { status contributionMonths } ' +
  'signature { algorithm keyId value }';
