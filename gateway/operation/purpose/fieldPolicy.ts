import { REGION_CATALOGUE, type RegionCatalogue } from '../../../common/regions';
import { PURPOSES, SERVICES, type Purpose } from '../../../common/services';
import type { DisclosureName } from '../../../common/signing';

/** The purposes that may see one field (their `Service` names). */
export type FieldAudience = readonly string[];

/** `Type → field → purposes`; a field missing from it is refused to every purpose. */
export type FieldPolicy = Readonly<Record<string, Readonly<Record<string, FieldAudience>>>>;

const ALL: FieldAudience = SERVICES;
const NOBODY: FieldAudience = [];

/**
 * Which supergraph fields every purpose may see (docs/domain.md, "Services (purposes)"):
 * the permit's status, validity, issuer, masked holder and signature, and every decision.
 * What one purpose adds (schooling: dependants, residence district, social insurance;
 * medical billing: medical insurance; fund withdrawal: the provident fund) is its
 * module's `maySee` (common/purposes/), merged in by {@link buildFieldPolicy}.
 *
 * Deny by default: a field not listed here is refused to every purpose, so a field a
 * subgraph adds stays hidden until someone decides who may see it (a test lists the
 * schema's unlisted fields). A permit type's field that `ResidencePermit` declares is
 * governed by the `ResidencePermit` row, so `... on ShanghaiPermit { dependants }` is
 * `ResidencePermit.dependants`; only local fields have rows of their own.
 *
 * Masking and the holder (docs/domain.md, "Masking"): the holder's name and ID number
 * arrive masked (surname, last four characters); the holder's birth date goes to no
 * purpose, because with the ID number's last characters it would narrow the holder and
 * no service needs it. Dependants' birth dates stay for schooling, which decides on them.
 *
 * Signed record: every purpose sees the issuer-signed part (public fields and salted
 * digests only); a disclosure goes exactly to the purposes that may see its field, so no
 * purpose receives anything computed over a field it may not see without a secret salt.
 *
 * Local fields: each region's entry in the region catalogue (`common/regionCatalogue/`)
 * says who sees its own local fields, beside their SDL ({@link localFieldRows}). Nobody
 * sees `residence.address`.
 */
const COMMON_FIELDS: FieldPolicy = {
  Query: { permit: ALL, permits: ALL, recognise: ALL, recognitionPolicies: ALL, regions: ALL, verifyPresentation: ALL },
  // A presented code's checks: what the holder's code says, to the partner it was shown to.
  PresentationVerification: { verification: ALL, permit: ALL },
  CodeVerification: {
    signatureValid: ALL,
    keyId: ALL,
    issuerTrusted: ALL,
    notExpired: ALL,
    purposeMatches: ALL,
    audienceMatches: ALL,
    firstUse: ALL,
    issuer: ALL,
    purpose: ALL,
    audience: ALL,
    issuedAt: ALL,
    expiresAt: ALL,
  },
  ResidencePermit: {
    id: ALL,
    issuer: ALL,
    issuingAuthorityCode: ALL,
    status: ALL,
    validFrom: ALL,
    validUntil: ALL,
    residentSince: ALL,
    holder: ALL,
    signature: ALL,
    recognition: ALL,
    requestedRecognition: ALL,
  },
  Holder: { name: ALL, idNumber: ALL, birthDate: NOBODY },
  PermitSignature: { algorithm: ALL, keyId: ALL, signedAt: ALL, issuerSigned: ALL, disclosures: ALL },
  Residence: { address: NOBODY },
  PermitLookup: { id: ALL, permit: ALL, error: ALL },
  RecognitionItem: { permitId: ALL, host: ALL, service: ALL, permit: ALL, error: ALL },
  ItemError: { code: ALL, messageEn: ALL, messageZh: ALL },
  Recognition: {
    host: ALL,
    service: ALL,
    decision: ALL,
    reasons: ALL,
    eligibleFrom: ALL,
    policyVersion: ALL,
    decidedAt: ALL,
    verification: ALL,
  },
  Reason: { code: ALL, messageZh: ALL, messageEn: ALL, observed: ALL, required: ALL },
  Verification: { signatureValid: ALL, keyId: ALL, issuerTrusted: ALL },
  RecognitionPolicy: { version: ALL, effectiveFrom: ALL, effectiveUntil: ALL, host: ALL, service: ALL, requirements: ALL },
  PolicyRequirement: { code: ALL, descriptionZh: ALL, descriptionEn: ALL, value: ALL },
  RegionInfo: { region: ALL, nameZh: ALL, nameEn: ALL, issuingCodePrefixes: ALL },
};

/**
 * The supergraph fields whose values each disclosure carries. A disclosure goes to the
 * purposes that may see every one of them, so the two can never disagree.
 */
const DISCLOSED_FIELDS: Readonly<Record<DisclosureName, readonly string[]>> = {
  holderName: ['ResidencePermit.holder', 'Holder.name'],
  holderIdNumber: ['ResidencePermit.holder', 'Holder.idNumber'],
  holderBirthDate: ['ResidencePermit.holder', 'Holder.birthDate'],
  dependants: ['ResidencePermit.dependants', 'Dependant.name', 'Dependant.birthDate'],
  residenceDistrictCode: ['ResidencePermit.residence', 'Residence.districtCode'],
  residenceAddress: ['ResidencePermit.residence', 'Residence.address'],
  socialInsurance: ['ResidencePermit.socialInsurance', 'SocialInsurance.contributionMonths', 'SocialInsurance.lastContributionMonth'],
  medicalInsurance: ['ResidencePermit.medicalInsurance', 'MedicalInsurance.status'],
  providentFund: ['ResidencePermit.providentFund', 'ProvidentFund.status', 'ProvidentFund.contributionMonths'],
};

/** The rows of the regions' local fields: `<PermitType> → field → purposes`, from the catalogue. */
export function localFieldRows(catalogue: RegionCatalogue = REGION_CATALOGUE): FieldPolicy {
  return Object.fromEntries(catalogue.map((e) => [e.permitTypename, e.localFieldAudience]));
}

/**
 * The field policy of `purposes` over a region `catalogue`: the common rows above, where
 * `ALL` means every one of `purposes`, each region's local rows, each purpose's `maySee`,
 * and the disclosures each may receive. The shipped purposes and regions unless a test
 * passes its own, to show a new purpose or region needs no edit here.
 */
export function buildFieldPolicy(purposes: readonly Purpose[] = PURPOSES, catalogue: RegionCatalogue = REGION_CATALOGUE): FieldPolicy {
  const names = purposes.map((p) => p.name);
  const rows: Record<string, Record<string, string[]>> = {};
  for (const [type, fields] of Object.entries({ ...COMMON_FIELDS, ...localFieldRows(catalogue) })) {
    rows[type] = Object.fromEntries(Object.entries(fields).map(([field, audience]) => [field, [...(audience === ALL ? names : audience)]]));
  }
  for (const { name, maySee } of purposes) {
    for (const coordinate of maySee) {
      const [type = '', field = ''] = coordinate.split('.');
      const row = (rows[type] ??= {});
      (row[field] ??= []).push(name);
    }
  }
  return {
    ...rows,
    PermitDisclosures: Object.fromEntries(
      Object.entries(DISCLOSED_FIELDS).map(([name, coordinates]) => [
        name,
        names.filter((purpose) => coordinates.every((c) => isFieldAllowed(c, purpose, rows))),
      ]),
    ),
  };
}

/** The field policy of the shipped purposes (common/services.ts) and regions (common/regionCatalogue/). */
export const FIELD_POLICY: FieldPolicy = buildFieldPolicy();

/**
 * Root fields that read no permit: an operation that selects only these (and
 * introspection) needs no `X-Purpose`.
 */
export const PURPOSE_FREE_ROOT_FIELDS: readonly string[] = ['regions', 'recognitionPolicies'];

/** True when `purpose` may see the field at `coordinate` (`Type.field`) under `policy`. */
export function isFieldAllowed(coordinate: string, purpose: string, policy: FieldPolicy = FIELD_POLICY): boolean {
  const [type = '', field = ''] = coordinate.split('.');
  const fields = Object.hasOwn(policy, type) ? policy[type] : undefined;
  return fields !== undefined && Object.hasOwn(fields, field) && (fields[field]?.includes(purpose) ?? false);
}
