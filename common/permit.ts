import type { Region } from './regions';

/** Lifecycle state of a permit in its issuing registry. */
export type PermitStatus = 'VALID' | 'EXPIRED' | 'SUSPENDED' | 'REVOKED';
export type MedicalInsuranceStatus = 'ACTIVE' | 'SUSPENDED' | 'NONE';
export type FundAccountStatus = 'ACTIVE' | 'SEALED' | 'CLOSED';

/** Holder as exchanged between regions: identifiers masked at the source (DOMAIN.md). */
export interface Holder {
  /** Masked name, e.g. `张*三`. */
  name: string;
  /** Masked resident ID number, e.g. `310***********123X`. */
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

/** Issuer's signature over the canonical record (see `signing.ts`). */
export interface PermitSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** base64url of the 64-byte signature. */
  value: string;
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
