import type { Region } from './regions';

/** Lifecycle state of a permit in its issuing registry. */
export type PermitStatus = 'VALID' | 'EXPIRED' | 'SUSPENDED' | 'REVOKED';
export type MedicalInsuranceStatus = 'ACTIVE' | 'SUSPENDED' | 'NONE';
export type FundAccountStatus = 'ACTIVE' | 'SEALED' | 'CLOSED';

/** Holder as exchanged between regions: identifiers masked at the source (docs/domain.md). */
export interface Holder {
  /** Surname only, e.g. `张**`. */
  name: string;
  /** Resident ID number, last four characters only: `**************123X`. */
  idNumber: string;
  /** ISO date. */
  birthDate: string;
}

export interface Dependant {
  /** Masked name. */
  name: string;
  /** ISO date; schooling decisions need it. */
  birthDate: string;
}

export interface Residence {
  /** 6-digit administrative code of the district of residence. */
  districtCode: string;
  /** Address masked except the district. */
  address: string;
}

export interface SocialInsurance {
  /** Continuous contribution months as of `lastContributionMonth`. */
  contributionMonths: number;
  /** `YYYY-MM`, or null when the holder never contributed. */
  lastContributionMonth: string | null;
}

export interface MedicalInsurance {
  status: MedicalInsuranceStatus;
}

export interface ProvidentFund {
  status: FundAccountStatus;
  /** Continuous contribution months. */
  contributionMonths: number;
}

/**
 * The personal fields of a record, each as one SD-JWT disclosure: base64url of
 * `[salt, claim name, value]` (see `signing.ts` and docs/selective-disclosure.md).
 */
export interface PermitDisclosures {
  holderName: string;
  holderIdNumber: string;
  holderBirthDate: string;
  dependants: string;
  residenceDistrictCode: string;
  residenceAddress: string;
  socialInsurance: string;
  medicalInsurance: string;
  providentFund: string;
}

/** The issuer's signed record in selective-disclosure form (see `signing.ts`). */
export interface PermitSignature {
  /** JWS algorithm of `issuerSigned`: EdDSA over Ed25519. */
  algorithm: 'EdDSA';
  /** Key id in the YRD trust registry. */
  keyId: string;
  /** ISO date-time (UTC) at which the issuer signed: the JWT's `iat`. */
  signedAt: string;
  /** Compact JWS: public fields in the clear, one salted digest per personal field. */
  issuerSigned: string;
  disclosures: PermitDisclosures;
}

/**
 * The YRD common permit record: the fields every region publishes and signs.
 * Local extensions (Shanghai category, points…) are not part of it.
 */
export interface PermitRecord {
  id: string;
  issuer: Region;
  issuingAuthorityCode: string;
  status: PermitStatus;
  validFrom: string;
  validUntil: string;
  residentSince: string;
  holder: Holder;
  dependants: Dependant[];
  residence: Residence;
  socialInsurance: SocialInsurance;
  medicalInsurance: MedicalInsurance;
  providentFund: ProvidentFund;
}

/** A record as a registry returns it: common fields, signature, local extensions. */
export interface SignedPermit extends PermitRecord {
  signature: PermitSignature;
  /** Region-specific fields, named as in that region's GraphQL type. */
  local: Record<string, unknown>;
}
