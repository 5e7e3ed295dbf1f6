import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { PermitRecord } from '../../../../common/permit';
import { REGIONS, type Region } from '../../../../common/regions';
import { SERVICES, type Service } from '../../../../common/services';
import { shanghaiMorning } from '../../../../common/chinaToday';
import { ed25519FromSeed, exportRawPublicKey, makeDisclosure, signPermit } from '../../../../common/signing';
import type { TrustedKey } from '../../../../common/trust';
import {
  evaluateRecognition,
  type Decision,
  type ReasonCode,
  type Recognition,
  type RecognitionInput,
} from '../evaluateRecognition';
import { loadPolicies, parsePolicies, type Policy, type PolicySet } from '../policy';
import { parseTrustRegistry } from '../trustRegistry';

// ---------------------------------------------------------------------------------
// Fixtures: the shipped policy file, one signing key per region (plus an expired and a
// not-yet-valid one), and permits built by `aPermit` and signed in the test.
// ---------------------------------------------------------------------------------

const POLICIES = loadPolicies(join(__dirname, '..', 'policies.json'));

/** Decision date of the table; waiting periods are counted from it. */
const D = '2026-04-15';
/** `D` plus n months: the eligibleFrom of a contribution shortfall of n months. */
const IN_MONTHS: Record<number, string | undefined> = {
  1: '2026-05-15', 2: '2026-06-15', 3: '2026-07-15', 4: '2026-08-15', 5: '2026-09-15', 6: '2026-10-15', 12: '2027-04-15',
};
/** `D` minus n months: a `residentSince` giving exactly n whole months of residence. */
const MONTHS_AGO: Record<number, string | undefined> = {
  3: '2026-01-15', 4: '2025-12-15', 5: '2025-11-15', 6: '2025-10-15',
  9: '2025-07-15', 10: '2025-06-15', 11: '2025-05-15', 12: '2025-04-15',
};

function lookUp(table: Record<number, string | undefined>, n: number): string {
  const date = table[n];
  if (date === undefined) throw new Error(`no fixture date for ${n} months`);
  return date;
}
const inMonths = (n: number) => lookUp(IN_MONTHS, n);
const monthsAgo = (n: number) => lookUp(MONTHS_AGO, n);

/** docs/domain.md's threshold table, written out independently of policies.json. */
const T: Record<Region, { residence: number; socialInsurance: number; fund: number }> = {
  SHANGHAI: { residence: 12, socialInsurance: 12, fund: 6 },
  SUZHOU: { residence: 6, socialInsurance: 6, fund: 3 },
  HANGZHOU: { residence: 12, socialInsurance: 12, fund: 6 },
  ANHUI: { residence: 6, socialInsurance: 6, fund: 3 },
};

const ADMIN_CODE: Record<Region, string> = { SHANGHAI: '310115', SUZHOU: '320505', HANGZHOU: '330106', ANHUI: '340104' };

/**
 * The permit comes from another region than the host, and the host's thresholds differ
 * from the issuer's (SH 12 ← SZ 6, SZ 6 ← HZ 12, …): a rule applied with the issuer's
 * thresholds fails the table.
 */
function issuerFor(host: Region): Region {
  return REGIONS[(REGIONS.indexOf(host) + 1) % REGIONS.length] as Region;
}

type KeyGeneration = 'current' | 'expired' | 'future';
const KEY_VALIDITY: Record<KeyGeneration, [string, string]> = {
  current: ['2025-01-01', '2028-12-31'],
  expired: ['2020-01-01', '2025-12-31'],
  future: ['2030-01-01', '2034-12-31'],
};

function keyIdOf(region: Region, generation: KeyGeneration): string {
  return `${region.toLowerCase()}-${generation}`;
}

const PRIVATE_KEYS = new Map<string, KeyObject>();
const TRUSTED: TrustedKey[] = REGIONS.flatMap((region, r) =>
  (Object.keys(KEY_VALIDITY) as KeyGeneration[]).map((generation, g) => {
    const { privateKey, publicKey } = ed25519FromSeed(Buffer.alloc(32, r * 10 + g + 1));
    const keyId = keyIdOf(region, generation);
    PRIVATE_KEYS.set(keyId, privateKey);
    const [validFrom, validUntil] = KEY_VALIDITY[generation];
    return { keyId, region, publicKey: exportRawPublicKey(publicKey), validFrom, validUntil };
  }),
);
const TRUST = parseTrustRegistry(TRUSTED);
const STRANGER_KEY = ed25519FromSeed(Buffer.alloc(32, 0xee)).privateKey;

type Overrides = {
  [K in keyof PermitRecord]?: PermitRecord[K] extends unknown[]
    ? PermitRecord[K]
    : PermitRecord[K] extends object
      ? Partial<PermitRecord[K]>
      : PermitRecord[K];
};

/** A VALID permit of `issuer` that meets every threshold of every host and service. */
function aPermit(issuer: Region, overrides: Overrides = {}): PermitRecord {
  const base: PermitRecord = {
    id: `${ADMIN_CODE[issuer]}2023000012345X`,
    issuer,
    issuingAuthorityCode: ADMIN_CODE[issuer],
    status: 'VALID',
    validFrom: '2023-06-01',
    validUntil: '2028-06-30',
    residentSince: '2023-06-01',
    holder: { name: '张*三', idNumber: '310***********123X', birthDate: '1988-03-12' },
    dependants: [{ name: '张*', birthDate: '2016-05-20' }],
    residence: { districtCode: ADMIN_CODE[issuer], address: '某区******' },
    socialInsurance: { contributionMonths: 34, lastContributionMonth: '2026-03' },
    medicalInsurance: { status: 'ACTIVE' },
    providentFund: { status: 'ACTIVE', contributionMonths: 30 },
  };
  return {
    ...base,
    ...overrides,
    holder: { ...base.holder, ...overrides.holder },
    residence: { ...base.residence, ...overrides.residence },
    socialInsurance: { ...base.socialInsurance, ...overrides.socialInsurance },
    medicalInsurance: { ...base.medicalInsurance, ...overrides.medicalInsurance },
    providentFund: { ...base.providentFund, ...overrides.providentFund },
  };
}

/** How the record reaches the hub. */
type Signing =
  | 'ISSUER_KEY' // the issuer's current key
  | 'TAMPERED' // altered after signing: a disclosure with one more contribution month
  | 'OTHER_PERMIT' // a validly signed record of another permit of the issuer
  | 'STRANGER_PRIVATE_KEY' // the issuer's key id, someone else's private key
  | 'UNSUPPORTED_ALGORITHM'
  | 'UNKNOWN_KEY'
  | 'EXPIRED_KEY'
  | 'FUTURE_KEY'
  | 'OTHER_REGION_KEY'; // validly signed with a registered key of another region

/** The permit as the hub receives it: its number and the signed record, signed on `signedOn`. */
function signed(record: PermitRecord, signing: Signing, signedOn: string): RecognitionInput['permit'] {
  const own = keyIdOf(record.issuer, 'current');
  const signedAt = shanghaiMorning(signedOn);
  const withKey = (keyId: string, privateKey = PRIVATE_KEYS.get(keyId) as KeyObject, signedRecord = record) => ({
    id: record.id,
    signature: signPermit(signedRecord, keyId, privateKey, { signedAt }),
  });
  switch (signing) {
    case 'ISSUER_KEY':
      return withKey(own);
    case 'TAMPERED': {
      const permit = withKey(own);
      const more = { ...record.socialInsurance, contributionMonths: record.socialInsurance.contributionMonths + 1 };
      return { ...permit, signature: { ...permit.signature, disclosures: { ...permit.signature.disclosures, socialInsurance: makeDisclosure('socialInsurance', more) } } };
    }
    case 'OTHER_PERMIT':
      return { ...withKey(own, undefined, { ...record, id: `${record.id.slice(0, 10)}000999996` }), id: record.id };
    case 'STRANGER_PRIVATE_KEY':
      return withKey(own, STRANGER_KEY);
    case 'UNSUPPORTED_ALGORITHM': {
      const permit = withKey(own);
      const [, payload, value] = permit.signature.issuerSigned.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: own, typ: 'yrd-permit+sd-jwt' })).toString('base64url');
      return { ...permit, signature: { ...permit.signature, issuerSigned: `${header}.${payload}.${value}` } };
    }
    case 'UNKNOWN_KEY':
      return withKey('nowhere-1', STRANGER_KEY);
    case 'EXPIRED_KEY':
      return withKey(keyIdOf(record.issuer, 'expired'));
    case 'FUTURE_KEY':
      return withKey(keyIdOf(record.issuer, 'future'));
    case 'OTHER_REGION_KEY':
      return withKey(keyIdOf(issuerFor(record.issuer), 'current'));
  }
}

// ---------------------------------------------------------------------------------
// The table: every rule and edge of docs/domain.md for every host × service.
// ---------------------------------------------------------------------------------

interface Row {
  host: Region;
  service: Service;
  scenario: string;
  permit?: Overrides;
  signing?: Signing;
  /** The day the issuer signed; default: the decision date. */
  signedOn?: string;
  decisionDate?: string;
  decision: Decision;
  reasons: ReasonCode[];
  eligibleFrom: string | null;
}

type Expectation = Pick<Row, 'decision' | 'reasons' | 'eligibleFrom'>;

const RECOGNISED: Expectation = { decision: 'RECOGNISED', reasons: [], eligibleFrom: null };
const rejected = (...reasons: ReasonCode[]): Expectation => ({ decision: 'REJECTED', reasons, eligibleFrom: null });
const unverifiable = (code: ReasonCode): Expectation => ({ decision: 'UNVERIFIABLE', reasons: [code], eligibleFrom: null });

type Case = Omit<Row, 'host' | 'service'>;

/** Rows of checks 1–3 and the policy lookup, which every service shares. */
function commonRows(service: Service): Case[] {
  const medical = service === 'MEDICAL_BILLING';
  const expiredWithinGrace: Expectation = medical
    ? { decision: 'REFERRED', reasons: ['IN_GRACE_PERIOD'], eligibleFrom: null }
    : rejected('PERMIT_EXPIRED');
  return [
    { scenario: 'a valid permit meeting every threshold', ...RECOGNISED },
    { scenario: 'status REVOKED', permit: { status: 'REVOKED' }, ...rejected('PERMIT_REVOKED') },
    { scenario: 'status SUSPENDED', permit: { status: 'SUSPENDED' }, ...rejected('PERMIT_SUSPENDED') },
    { scenario: 'status EXPIRED before validUntil: judged as expired 0 days ago', permit: { status: 'EXPIRED' }, ...expiredWithinGrace },
    { scenario: 'status EXPIRED, validUntil 10 days past', permit: { status: 'EXPIRED', validUntil: '2026-04-05' }, ...expiredWithinGrace },
    { scenario: 'status EXPIRED, validUntil 31 days past', permit: { status: 'EXPIRED', validUntil: '2026-03-15' }, ...rejected('PERMIT_EXPIRED') },
    { scenario: 'status REVOKED and validUntil past: status decides alone', permit: { status: 'REVOKED', validUntil: '2025-01-31' }, ...rejected('PERMIT_REVOKED') },
    { scenario: 'validUntil is the decision date (0 days left)', permit: { validUntil: D }, ...RECOGNISED, reasons: ['EXPIRES_SOON'] },
    { scenario: '30 days left', permit: { validUntil: '2026-05-15' }, ...RECOGNISED, reasons: ['EXPIRES_SOON'] },
    { scenario: '31 days left', permit: { validUntil: '2026-05-16' }, ...RECOGNISED },
    { scenario: 'expired 1 day ago', permit: { validUntil: '2026-04-14' }, ...expiredWithinGrace },
    { scenario: 'expired 29 days ago', permit: { validUntil: '2026-03-17' }, ...expiredWithinGrace },
    { scenario: 'expired 30 days ago', permit: { validUntil: '2026-03-16' }, ...expiredWithinGrace },
    { scenario: 'expired 31 days ago', permit: { validUntil: '2026-03-15' }, ...rejected('PERMIT_EXPIRED') },
    { scenario: 'expired a year ago', permit: { validUntil: '2025-04-15' }, ...rejected('PERMIT_EXPIRED') },
    { scenario: 'record altered after signing', signing: 'TAMPERED', ...rejected('SIGNATURE_INVALID') },
    { scenario: "another permit's validly signed record", signing: 'OTHER_PERMIT', ...rejected('SIGNATURE_INVALID') },
    { scenario: 'signed while its key was in force, decided after the key retired', signing: 'EXPIRED_KEY', signedOn: '2025-12-31', ...RECOGNISED },
    { scenario: 'signed after the decision date', signedOn: '2026-04-16', ...unverifiable('RECORD_MALFORMED') },
    { scenario: "signed with someone else's private key under the issuer's key id", signing: 'STRANGER_PRIVATE_KEY', ...rejected('SIGNATURE_INVALID') },
    { scenario: 'signature algorithm other than Ed25519', signing: 'UNSUPPORTED_ALGORITHM', ...rejected('SIGNATURE_INVALID') },
    { scenario: 'altered and revoked: the signature decides alone', permit: { status: 'REVOKED' }, signing: 'TAMPERED', ...rejected('SIGNATURE_INVALID') },
    { scenario: 'signed with a key of another region', signing: 'OTHER_REGION_KEY', ...rejected('ISSUER_MISMATCH') },
    { scenario: 'key id not in the trust registry', signing: 'UNKNOWN_KEY', ...unverifiable('SIGNING_KEY_UNKNOWN') },
    { scenario: 'unknown key on a revoked permit', permit: { status: 'REVOKED' }, signing: 'UNKNOWN_KEY', ...unverifiable('SIGNING_KEY_UNKNOWN') },
    { scenario: 'key retired before the record was signed', signing: 'EXPIRED_KEY', ...unverifiable('SIGNING_KEY_EXPIRED') },
    { scenario: 'key not yet valid when the record was signed', signing: 'FUTURE_KEY', ...unverifiable('SIGNING_KEY_EXPIRED') },
    { scenario: 'a valid permit on the first day of policy 2026.1', decisionDate: '2026-01-01', ...RECOGNISED },
    { scenario: 'the day before any policy is in effect', decisionDate: '2025-12-31', ...unverifiable('NO_POLICY_IN_EFFECT') },
    { scenario: 'validUntil not a calendar date', permit: { validUntil: '2026-02-30' }, ...unverifiable('RECORD_MALFORMED') },
  ];
}

function schoolingRows(host: Region): Case[] {
  const { residence: R, socialInsurance: S } = T[host];
  const referred = (eligibleFrom: string, ...reasons: ReasonCode[]): Expectation => ({ decision: 'REFERRED', reasons, eligibleFrom });
  const rejectedUntil = (eligibleFrom: string, ...reasons: ReasonCode[]): Expectation => ({ decision: 'REJECTED', reasons, eligibleFrom });
  const child = (birthDate: string) => ({ dependants: [{ name: '李*', birthDate }] });
  return [
    { scenario: `residence exactly ${R} months`, permit: { residentSince: monthsAgo(R) }, ...RECOGNISED },
    { scenario: `residence ${R - 1} months (1 short)`, permit: { residentSince: monthsAgo(R - 1) }, ...referred(inMonths(1), 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD') },
    { scenario: `residence one day short of ${R} whole months`, permit: { residentSince: R === 12 ? '2025-04-16' : '2025-10-16' }, ...referred('2026-04-16', 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD') },
    { scenario: `residence ${R - 2} months (2 short)`, permit: { residentSince: monthsAgo(R - 2) }, ...rejectedUntil(inMonths(2), 'RESIDENCE_TOO_SHORT') },
    { scenario: `social insurance exactly ${S} months`, permit: { socialInsurance: { contributionMonths: S } }, ...RECOGNISED },
    { scenario: `social insurance ${S - 1} months (1 short)`, permit: { socialInsurance: { contributionMonths: S - 1 } }, ...referred(inMonths(1), 'SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD') },
    { scenario: `social insurance ${S - 2} months (2 short)`, permit: { socialInsurance: { contributionMonths: S - 2 } }, ...rejectedUntil(inMonths(2), 'SOCIAL_INSURANCE_TOO_SHORT') },
    { scenario: 'no social insurance at all', permit: { socialInsurance: { contributionMonths: 0, lastContributionMonth: null } }, ...rejectedUntil(inMonths(S), 'SOCIAL_INSURANCE_TOO_SHORT') },
    { scenario: 'both 1 short: both referred', permit: { residentSince: monthsAgo(R - 1), socialInsurance: { contributionMonths: S - 1 } }, ...referred(inMonths(1), 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD', 'SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD') },
    { scenario: 'residence 3 short, social insurance 2 short: eligible when both are met', permit: { residentSince: monthsAgo(R - 3), socialInsurance: { contributionMonths: S - 2 } }, ...rejectedUntil(inMonths(3), 'RESIDENCE_TOO_SHORT', 'SOCIAL_INSURANCE_TOO_SHORT') },
    { scenario: 'residence 2 short, social insurance 3 short: eligible when both are met', permit: { residentSince: monthsAgo(R - 2), socialInsurance: { contributionMonths: S - 3 } }, ...rejectedUntil(inMonths(3), 'RESIDENCE_TOO_SHORT', 'SOCIAL_INSURANCE_TOO_SHORT') },
    { scenario: 'residence 1 short, social insurance 3 short: the rejecting reason first', permit: { residentSince: monthsAgo(R - 1), socialInsurance: { contributionMonths: S - 3 } }, ...rejectedUntil(inMonths(3), 'SOCIAL_INSURANCE_TOO_SHORT', 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD') },
    {
      scenario: 'decided on 31 January: eligibleFrom clamps to 28 February',
      decisionDate: '2026-01-31',
      permit: { residentSince: R === 12 ? '2025-02-28' : '2025-08-31', socialInsurance: { contributionMonths: S - 1 } },
      ...referred('2026-02-28', 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD', 'SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD'),
    },
    { scenario: `resident since 31 ${R === 12 ? 'January' : 'July'}, decided on 31 January: ${R} whole months`, decisionDate: '2026-01-31', permit: { residentSince: R === 12 ? '2025-01-31' : '2025-07-31' }, ...RECOGNISED },
    { scenario: 'child aged exactly 6 on 31 August (born 2020-08-31)', permit: child('2020-08-31'), ...RECOGNISED },
    { scenario: 'child aged 5 on 31 August (born 2020-09-01)', permit: child('2020-09-01'), ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'child aged 5 (born 2021-03-01)', permit: child('2021-03-01'), ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'child aged 15 on 31 August (born 2010-09-01)', permit: child('2010-09-01'), ...RECOGNISED },
    { scenario: 'child aged 16 on 31 August (born 2010-08-31)', permit: child('2010-08-31'), ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'no dependants', permit: { dependants: [] }, ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'children aged 5 and 16', permit: { dependants: [{ name: '李*', birthDate: '2021-03-01' }, { name: '李*', birthDate: '2009-06-01' }] }, ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'children aged 5 and 10: one is enough', permit: { dependants: [{ name: '李*', birthDate: '2021-03-01' }, { name: '李*', birthDate: '2016-05-20' }] }, ...RECOGNISED },
    { scenario: 'decided in December: age still taken on 31 August (6 by then, 5 on the cut-off)', decisionDate: '2026-12-01', permit: child('2020-10-01'), ...rejected('NO_ELIGIBLE_CHILD') },
    { scenario: 'no eligible child and residence 2 short: waiting does not cure it, no eligibleFrom', permit: { residentSince: monthsAgo(R - 2), dependants: [] }, ...rejected('RESIDENCE_TOO_SHORT', 'NO_ELIGIBLE_CHILD') },
    { scenario: 'near threshold and expiring in 10 days: EXPIRES_SOON on the referral', permit: { residentSince: monthsAgo(R - 1), validUntil: '2026-04-25' }, ...referred(inMonths(1), 'RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD', 'EXPIRES_SOON') },
    { scenario: 'rejected and expiring in 10 days: no EXPIRES_SOON', permit: { residentSince: monthsAgo(R - 2), validUntil: '2026-04-25' }, ...rejectedUntil(inMonths(2), 'RESIDENCE_TOO_SHORT') },
    { scenario: 'medical insurance NONE and fund CLOSED do not matter', permit: { medicalInsurance: { status: 'NONE' }, providentFund: { status: 'CLOSED', contributionMonths: 0 } }, ...RECOGNISED },
    { scenario: 'residentSince malformed', permit: { residentSince: '2023/06/01' }, ...unverifiable('RECORD_MALFORMED') },
  ];
}

function medicalRows(): Case[] {
  return [
    { scenario: 'medical insurance SUSPENDED', permit: { medicalInsurance: { status: 'SUSPENDED' } }, ...rejected('MEDICAL_INSURANCE_INACTIVE') },
    { scenario: 'medical insurance NONE', permit: { medicalInsurance: { status: 'NONE' } }, ...rejected('MEDICAL_INSURANCE_INACTIVE') },
    { scenario: 'in grace period but medical insurance NONE', permit: { validUntil: '2026-04-05', medicalInsurance: { status: 'NONE' } }, ...rejected('MEDICAL_INSURANCE_INACTIVE', 'IN_GRACE_PERIOD') },
    { scenario: 'no residence, no child, no contributions, fund closed: none of it matters', permit: { residentSince: D, dependants: [], socialInsurance: { contributionMonths: 0, lastContributionMonth: null }, providentFund: { status: 'CLOSED', contributionMonths: 0 } }, ...RECOGNISED },
    { scenario: 'residentSince malformed is not read', permit: { residentSince: 'unknown' }, ...RECOGNISED },
  ];
}

function fundRows(host: Region): Case[] {
  const F = T[host].fund;
  const fund = (status: 'ACTIVE' | 'SEALED' | 'CLOSED', contributionMonths: number) => ({ providentFund: { status, contributionMonths } });
  return [
    { scenario: `fund exactly ${F} months`, permit: fund('ACTIVE', F), ...RECOGNISED },
    { scenario: `fund ${F - 1} months (1 short)`, permit: fund('ACTIVE', F - 1), decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: inMonths(1) },
    { scenario: `fund ${F - 2} month${F - 2 === 1 ? '' : 's'} (2 short)`, permit: fund('ACTIVE', F - 2), decision: 'REJECTED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS'], eligibleFrom: inMonths(2) },
    { scenario: 'fund 0 months', permit: fund('ACTIVE', 0), decision: 'REJECTED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS'], eligibleFrom: inMonths(F) },
    { scenario: `account SEALED with ${F} months`, permit: fund('SEALED', F), ...RECOGNISED },
    { scenario: `account SEALED with ${F - 1} months`, permit: fund('SEALED', F - 1), decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: inMonths(1) },
    { scenario: 'account CLOSED', permit: fund('CLOSED', 30), ...rejected('FUND_ACCOUNT_CLOSED') },
    { scenario: 'account CLOSED with 0 months: no eligibleFrom', permit: fund('CLOSED', 0), ...rejected('FUND_ACCOUNT_CLOSED', 'INSUFFICIENT_FUND_CONTRIBUTIONS') },
    { scenario: `account CLOSED with ${F - 1} months`, permit: fund('CLOSED', F - 1), ...rejected('FUND_ACCOUNT_CLOSED', 'INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD') },
    { scenario: 'residence and children do not matter', permit: { residentSince: D, dependants: [] }, ...RECOGNISED },
  ];
}

/** The per-host differences spelled out: the same record, different hosts. */
const HOST_CONTRASTS: Row[] = [
  { host: 'SHANGHAI', service: 'SCHOOLING', scenario: '11 months of residence', permit: { residentSince: monthsAgo(11) }, decision: 'REFERRED', reasons: ['RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'SUZHOU', service: 'SCHOOLING', scenario: '11 months of residence', permit: { residentSince: monthsAgo(11) }, ...RECOGNISED },
  { host: 'HANGZHOU', service: 'SCHOOLING', scenario: '11 months of residence', permit: { residentSince: monthsAgo(11) }, decision: 'REFERRED', reasons: ['RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'ANHUI', service: 'SCHOOLING', scenario: '11 months of residence', permit: { residentSince: monthsAgo(11) }, ...RECOGNISED },
  { host: 'SHANGHAI', service: 'SCHOOLING', scenario: '5 months of residence', permit: { residentSince: monthsAgo(5) }, decision: 'REJECTED', reasons: ['RESIDENCE_TOO_SHORT'], eligibleFrom: '2026-11-15' },
  { host: 'SUZHOU', service: 'SCHOOLING', scenario: '5 months of residence', permit: { residentSince: monthsAgo(5) }, decision: 'REFERRED', reasons: ['RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'HANGZHOU', service: 'SCHOOLING', scenario: '5 months of residence', permit: { residentSince: monthsAgo(5) }, decision: 'REJECTED', reasons: ['RESIDENCE_TOO_SHORT'], eligibleFrom: '2026-11-15' },
  { host: 'ANHUI', service: 'SCHOOLING', scenario: '5 months of residence', permit: { residentSince: monthsAgo(5) }, decision: 'REFERRED', reasons: ['RESIDENCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'SHANGHAI', service: 'SCHOOLING', scenario: '11 months of social insurance', permit: { socialInsurance: { contributionMonths: 11 } }, decision: 'REFERRED', reasons: ['SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'SUZHOU', service: 'SCHOOLING', scenario: '11 months of social insurance', permit: { socialInsurance: { contributionMonths: 11 } }, ...RECOGNISED },
  { host: 'HANGZHOU', service: 'SCHOOLING', scenario: '11 months of social insurance', permit: { socialInsurance: { contributionMonths: 11 } }, decision: 'REFERRED', reasons: ['SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'ANHUI', service: 'SCHOOLING', scenario: '11 months of social insurance', permit: { socialInsurance: { contributionMonths: 11 } }, ...RECOGNISED },
  { host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '5 fund months', permit: { providentFund: { contributionMonths: 5 } }, decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '5 fund months', permit: { providentFund: { contributionMonths: 5 } }, ...RECOGNISED },
  { host: 'HANGZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '5 fund months', permit: { providentFund: { contributionMonths: 5 } }, decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'ANHUI', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '5 fund months', permit: { providentFund: { contributionMonths: 5 } }, ...RECOGNISED },
  { host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '2 fund months', permit: { providentFund: { contributionMonths: 2 } }, decision: 'REJECTED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS'], eligibleFrom: '2026-08-15' },
  { host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '2 fund months', permit: { providentFund: { contributionMonths: 2 } }, decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
  { host: 'HANGZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '2 fund months', permit: { providentFund: { contributionMonths: 2 } }, decision: 'REJECTED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS'], eligibleFrom: '2026-08-15' },
  { host: 'ANHUI', service: 'PROVIDENT_FUND_WITHDRAWAL', scenario: '2 fund months', permit: { providentFund: { contributionMonths: 2 } }, decision: 'REFERRED', reasons: ['INSUFFICIENT_FUND_CONTRIBUTIONS', 'NEAR_THRESHOLD'], eligibleFrom: '2026-05-15' },
];

const SERVICE_ROWS: Record<Service, (host: Region) => Case[]> = {
  SCHOOLING: schoolingRows,
  MEDICAL_BILLING: medicalRows,
  PROVIDENT_FUND_WITHDRAWAL: fundRows,
};

const ROWS: Row[] = [
  ...REGIONS.flatMap((host) =>
    SERVICES.flatMap((service) =>
      [...commonRows(service), ...SERVICE_ROWS[service](host)].map((c) => ({ host, service, ...c })),
    ),
  ),
  ...HOST_CONTRASTS,
];

function decide(row: Pick<Row, 'host' | 'service' | 'permit' | 'signing' | 'signedOn' | 'decisionDate'>, policies: PolicySet = POLICIES): Recognition {
  return evaluateRecognition({
    permit: signed(aPermit(issuerFor(row.host), row.permit), row.signing ?? 'ISSUER_KEY', row.signedOn ?? row.decisionDate ?? D),
    host: row.host,
    service: row.service,
    decisionDate: row.decisionDate ?? D,
    policies,
    trust: TRUST,
  });
}

describe('evaluateRecognition', () => {
  it.each(ROWS)('$host $service, $scenario → $decision $reasons', (row) => {
    const result = decide(row);
    expect({
      decision: result.decision,
      reasons: result.reasons.map((r) => r.code),
      eligibleFrom: result.eligibleFrom,
    }).toEqual({ decision: row.decision, reasons: row.reasons, eligibleFrom: row.eligibleFrom });
    expect(result).toMatchObject({ host: row.host, service: row.service, decidedAt: row.decisionDate ?? D });
    for (const r of result.reasons) {
      expect(r.messageZh).toMatch(/\S/);
      expect(r.messageEn).toMatch(/\S/);
    }
  });

  it('covers every host × service combination in the table', () => {
    const combos = new Set(ROWS.map((r) => `${r.host}/${r.service}`));
    expect(combos.size).toBe(REGIONS.length * SERVICES.length);
  });

  it('reports observed and required values with units', () => {
    const result = decide({ host: 'SHANGHAI', service: 'SCHOOLING', permit: { residentSince: monthsAgo(11) } });
    expect(result.reasons).toEqual([
      {
        code: 'RESIDENCE_TOO_SHORT',
        messageZh: '持证连续居住时间未达到要求。',
        messageEn: 'Continuous residence on the permit is shorter than required.',
        observed: '11 months',
        required: '12 months',
      },
      expect.objectContaining({ code: 'NEAR_THRESHOLD', observed: '1 month short', required: 'at most 1 month short' }),
    ]);
  });

  it('names the ages it saw and the age window when no child is eligible', () => {
    const result = decide({
      host: 'ANHUI',
      service: 'SCHOOLING',
      permit: { dependants: [{ name: '李*', birthDate: '2021-03-01' }, { name: '李*', birthDate: '2009-06-01' }] },
    });
    expect(result.reasons[0]).toMatchObject({ observed: 'aged 5, 17 on 2026-08-31', required: 'a child aged 6 to 15 on 2026-08-31' });
  });

  it('states the policy version and the verification of a good record', () => {
    const result = decide({ host: 'SUZHOU', service: 'MEDICAL_BILLING' });
    expect(result).toMatchObject({
      policyVersion: '2026.1',
      decidedAt: D,
      verification: { signatureValid: true, keyId: 'hangzhou-current', issuerTrusted: true },
    });
  });

  it.each([
    ['TAMPERED', { signatureValid: false, keyId: 'suzhou-current', issuerTrusted: true }],
    ['UNKNOWN_KEY', { signatureValid: false, keyId: 'nowhere-1', issuerTrusted: false }],
    ['EXPIRED_KEY', { signatureValid: true, keyId: 'suzhou-expired', issuerTrusted: false }],
    ['OTHER_REGION_KEY', { signatureValid: true, keyId: 'hangzhou-current', issuerTrusted: false }],
  ] as const)('reports the verification of a record signed %s', (signing, verification) => {
    expect(decide({ host: 'SHANGHAI', service: 'SCHOOLING', signing }).verification).toEqual(verification);
  });

  it('has no policy version when none is in effect, and still reports the verification', () => {
    const result = decide({ host: 'SHANGHAI', service: 'SCHOOLING', signing: 'TAMPERED', decisionDate: '2025-06-30' });
    expect(result).toMatchObject({ decision: 'UNVERIFIABLE', policyVersion: null, verification: { signatureValid: false } });
  });

  it('treats a record without a signature as signed by an unknown key', () => {
    const permit = { id: aPermit('SHANGHAI').id, signature: undefined };
    const result = evaluateRecognition({ permit, host: 'ANHUI', service: 'SCHOOLING', decisionDate: D, policies: POLICIES, trust: TRUST });
    expect(result).toMatchObject({ decision: 'UNVERIFIABLE', reasons: [{ code: 'SIGNING_KEY_UNKNOWN' }], verification: { keyId: '', signatureValid: false } });
  });

  it('names no field when a signed record does not open, so a decision tells nothing of a disclosure the purpose hides', () => {
    const permit = signed(aPermit('SUZHOU'), 'ISSUER_KEY', D);
    const disclosures = { ...permit.signature!.disclosures, medicalInsurance: makeDisclosure('medicalInsurance', { status: 'NONE' }) };
    const forged = { ...permit, signature: { ...permit.signature!, disclosures } };
    const result = evaluateRecognition({ permit: forged, host: 'SHANGHAI', service: 'SCHOOLING', decisionDate: D, policies: POLICIES, trust: TRUST });
    expect(result).toMatchObject({ decision: 'REJECTED', reasons: [{ code: 'SIGNATURE_INVALID' }] });
    expect(JSON.stringify(result)).not.toMatch(/medical/i);
  });

  it('decides the same way every time and leaves its input untouched', () => {
    const input: RecognitionInput = {
      permit: signed(aPermit('SUZHOU', { residentSince: monthsAgo(11) }), 'ISSUER_KEY', D),
      host: 'SHANGHAI',
      service: 'SCHOOLING',
      decisionDate: D,
      policies: POLICIES,
      trust: TRUST,
    };
    const before = structuredClone(input.permit);
    expect(evaluateRecognition(input)).toEqual(evaluateRecognition(input));
    expect(input.permit).toEqual(before);
  });

  it('rejects a decision date that is not YYYY-MM-DD', () => {
    expect(() => decide({ host: 'SHANGHAI', service: 'SCHOOLING', decisionDate: '2026-4-15' })).toThrow(RangeError);
  });

  describe('with policy data other than the shipped file', () => {
    const shipped = POLICIES.policies[0] as Policy;
    const withHosts = (version: string, effectiveFrom: string, effectiveUntil: string | null, residenceMonths: number, nearThresholdMonths = 1) => ({
      ...shipped,
      version,
      effectiveFrom,
      effectiveUntil,
      global: { ...shipped.global, nearThresholdMonths },
      hosts: { ...shipped.hosts, SHANGHAI: { ...shipped.hosts.SHANGHAI, schooling: { ...shipped.hosts.SHANGHAI.schooling, residenceMonths } } },
    });
    const versions = parsePolicies([
      withHosts('2026.1', '2026-01-01', '2026-06-30', 12),
      withHosts('2026.2', '2026-07-01', null, 6),
    ]);

    it('applies the version in effect on the decision date', () => {
      const row = { host: 'SHANGHAI', service: 'SCHOOLING', permit: { residentSince: '2025-10-01' } } as const;
      expect(decide({ ...row, decisionDate: '2026-06-30' }, versions)).toMatchObject({ decision: 'REJECTED', policyVersion: '2026.1' });
      expect(decide({ ...row, decisionDate: '2026-07-01' }, versions)).toMatchObject({ decision: 'RECOGNISED', policyVersion: '2026.2' });
    });

    it('rejects a one-month shortfall when the policy allows no margin', () => {
      const strict = parsePolicies([withHosts('2026.1', '2026-01-01', null, 12, 0)]);
      const result = decide({ host: 'SHANGHAI', service: 'SCHOOLING', permit: { residentSince: monthsAgo(11) } }, strict);
      expect(result).toMatchObject({ decision: 'REJECTED', eligibleFrom: '2026-05-15' });
      expect(result.reasons.map((r) => r.code)).toEqual(['RESIDENCE_TOO_SHORT']);
    });
  });
});
