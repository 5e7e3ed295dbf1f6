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

  "The permit holder, masked at the source so that nothing else released narrows it back."
  type Holder @shareable {
    "Surname only, e.g. 张**."
    name: String!
    "Resident identity number, last four characters only, e.g. **************123X."
    idNumber: String!
    "ISO date. Released to no purpose: no service needs it, and with the ID number's last characters it would narrow the holder."
    birthDate: String!
  }

  "A child registered on the permit (for schooling)."
  type Dependant @shareable {
    "Surname only, e.g. 李**."
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

  """
  The issuer's signed record in selective-disclosure form (IETF SD-JWT): the issuer
  signs the public fields in the clear and each personal field as a salted digest.
  Verify issuerSigned with the issuer's key from the trust registry, then check that
  each disclosure you were given hashes to a digest in it. docs/selective-disclosure.md.
  """
  type PermitSignature @shareable {
    "JWS algorithm: EdDSA (Ed25519)."
    algorithm: String!
    "Key id in the YRD trust registry."
    keyId: String!
    "ISO date-time (UTC) at which the issuer signed."
    signedAt: String!
    "Compact JWS: id, issuer, status and validity in the clear, every personal field as a salted SHA-256 digest."
    issuerSigned: String!
    "The disclosures; a purpose may select only those of the fields it may see."
    disclosures: PermitDisclosures!
  }

  """
  One SD-JWT disclosure per personal field: base64url of the JSON array
  [salt, claim name, value]. Append the ones you hold to issuerSigned with '~'
  (issuerSigned~d1~d2~) for an SD-JWT any SD-JWT library verifies.
  """
  type PermitDisclosures @shareable {
    "holder.name"
    holderName: String!
    "holder.idNumber"
    holderIdNumber: String!
    "holder.birthDate (released to no purpose)"
    holderBirthDate: String!
    "dependants"
    dependants: String!
    "residence.districtCode"
    residenceDistrictCode: String!
    "residence.address (released to no purpose)"
    residenceAddress: String!
    "socialInsurance"
    socialInsurance: String!
    "medicalInsurance"
    medicalInsurance: String!
    "providentFund"
    providentFund: String!
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
 * The selection of the common record the interop hub needs to verify and decide: the
 * signed record with every disclosure (`@requires` of `recognition`). The hub decides on
 * what the issuer signed, so it needs none of the plain fields.
 */
export const SIGNED_RECORD_SELECTION = `signature { algorithm keyId signedAt issuerSigned disclosures { ${DISCLOSURE_NAMES.join(' ')} } }`;
