import { createHash } from 'node:crypto';
import { addYears } from '../common/dates';
import type {
  FundAccountStatus,
  MedicalInsuranceStatus,
  PermitRecord,
  PermitSignature,
  PermitStatus,
  SignedPermit,
} from '../common/permit';
import { maskAddress, maskName, maskResidentId } from '../common/mask';
import { regionForAdminCode } from '../common/regions';
import { shanghaiMorning } from '../common/chinaToday';
import { DISCLOSURE_NAMES, makeDisclosure, signPermit, type DisclosureName } from '../common/signing';
import { currentKeyId, expiredKeyId, mockKeyPair, ROGUE_KEY_ID } from '../common/mockIssuerKeys';
import { districtByCode } from './places';

/**
 * How a mock record is signed: with the issuer's key of the signing year, its expired key, the
 * rogue key no registry trusts, or the current key and then altered (`TAMPERED`).
 */
export type SigningKind = 'CURRENT_KEY' | 'EXPIRED_KEY' | 'UNKNOWN_KEY' | 'TAMPERED';

/** The field a `TAMPERED` record has altered after signing. */
export type TamperField = 'validUntil' | 'residentSince' | 'socialInsurance' | 'providentFund';

export const TAMPER_FIELDS: readonly TamperField[] = [
  'validUntil',
  'residentSince',
  'socialInsurance',
  'providentFund',
];

/**
 * A permit as the issuing registry holds it, before masking and signing: full names,
 * full resident ID and full address. Never leaves the mock registry (`buildPermit` masks it).
 */
export interface PermitDraft {
  id: string;
  status: PermitStatus;
  validFrom: string;
  validUntil: string;
  residentSince: string;
  holder: { fullName: string; residentId: string; birthDate: string };
  dependants: Array<{ fullName: string; birthDate: string }>;
  /** Full address; starts with the name of the district of residence. */
  address: string;
  socialInsurance: { contributionMonths: number; lastContributionMonth: string | null };
  medicalInsurance: MedicalInsuranceStatus;
  providentFund: { status: FundAccountStatus; contributionMonths: number };
  local: Record<string, unknown>;
  /** ISO date on which the issuer signs (at 09:00 China Standard Time). */
  signedOn: string;
  signing: SigningKind;
  /** Only for `TAMPERED`. */
  tamper?: TamperField;
}

/**
 * Masks a draft into the YRD exchange form and signs it as `draft.signing` says. The
 * issuing and residence district is the permit number's administrative code.
 */
export function buildPermit(draft: PermitDraft, saltKey?: Buffer, demoSecret?: string): SignedPermit {
  const adminCode = draft.id.slice(0, 6);
  const issuer = regionForAdminCode(adminCode);
  if (!issuer) throw new RangeError(`permit ${draft.id} has no connected issuer`);
  const district = districtByCode(adminCode);
  const record: PermitRecord = {
    id: draft.id,
    issuer,
    issuingAuthorityCode: adminCode,
    status: draft.status,
    validFrom: draft.validFrom,
    validUntil: draft.validUntil,
    residentSince: draft.residentSince,
    holder: {
      name: maskName(draft.holder.fullName),
      idNumber: maskResidentId(draft.holder.residentId),
      birthDate: draft.holder.birthDate,
    },
    dependants: draft.dependants.map((d) => ({ name: maskName(d.fullName), birthDate: d.birthDate })),
    residence: { districtCode: adminCode, address: maskAddress(draft.address, district.name) },
    socialInsurance: { ...draft.socialInsurance },
    medicalInsurance: { status: draft.medicalInsurance },
    providentFund: { ...draft.providentFund },
  };
  const keyId =
    draft.signing === 'EXPIRED_KEY'
      ? expiredKeyId(issuer)
      : draft.signing === 'UNKNOWN_KEY'
        ? ROGUE_KEY_ID
        : currentKeyId(issuer, draft.signedOn);
  const signature = signPermit(record, keyId, mockKeyPair(keyId, demoSecret).privateKey, {
    signedAt: shanghaiMorning(draft.signedOn),
    salt: saltKey && saltsOf(saltKey, draft.id),
  });
  if (draft.signing === 'TAMPERED') {
    const field = draft.tamper ?? 'socialInsurance';
    tamper(record, field);
    const forgedSalt = saltKey && saltsOf(saltKey, draft.id)('forged');
    return { ...record, signature: forge(signature, record, field, forgedSalt), local: draft.local };
  }
  return { ...record, signature, local: draft.local };
}

/**
 * The disclosures' salts of one permit, derived from a registry's salt key with one
 * SHAKE256 call (a keyed XOF), so a registry generated twice with one key repeats byte for
 * byte; without the key they cannot be guessed.
 */
function saltsOf(saltKey: Buffer, permitId: string): (name: DisclosureName | 'forged') => string {
  const names = [...DISCLOSURE_NAMES, 'forged'] as const;
  const bytes = createHash('shake256', { outputLength: 16 * names.length }).update(saltKey).update(permitId).digest();
  return (name) => {
    const i = names.indexOf(name);
    return bytes.subarray(i * 16, (i + 1) * 16).toString('base64url');
  };
}

/**
 * The signed form after a forger's change to `field`: a public field is rewritten in the
 * signed part (its signature no longer matches), a personal field gets a new disclosure
 * (its digest is not among the signed ones).
 */
function forge(signature: PermitSignature, record: PermitRecord, field: TamperField, salt?: string): PermitSignature {
  if (field === 'socialInsurance' || field === 'providentFund') {
    return { ...signature, disclosures: { ...signature.disclosures, [field]: makeDisclosure(field, record[field], salt) } };
  }
  const [header, payload, value] = signature.issuerSigned.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims[field] = record[field];
  return { ...signature, issuerSigned: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${value}` };
}

/** Alters a signed record the way a forger would: every change favours the holder. */
function tamper(record: PermitRecord, field: TamperField): void {
  switch (field) {
    case 'validUntil':
      record.validUntil = addYears(record.validUntil, 1);
      break;
    case 'residentSince':
      record.residentSince = addYears(record.residentSince, -1);
      break;
    case 'socialInsurance':
      record.socialInsurance.contributionMonths += 12;
      break;
    case 'providentFund':
      record.providentFund.contributionMonths += 6;
      break;
  }
}
