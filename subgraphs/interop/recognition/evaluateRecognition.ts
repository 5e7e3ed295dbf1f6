import { daysBetween, isIsoDate } from '../../../common/dates';
import type { PermitRecord, PermitSignature } from '../../../common/permit';
import { regionForAdminCode, type Region } from '../../../common/regions';
import { shanghaiDate } from '../../../common/chinaToday';
import { openPermitSignature } from '../../../common/signing';
import type { Service } from '../../../common/services';
import { policyFor, type GlobalPolicy, type PolicySet } from './policy';
import { days, reason, type Reason } from './reasons';
import { recordProblems } from './recordShape';
import { serviceChecks, type CheckResult, type Outcome } from './serviceChecks';
import { SERVICE_MODULES, serviceModule } from './services/registry';
import type { ServiceModule } from './services/serviceModule';
import type { TrustRegistry } from './trustRegistry';

export type { Reason } from './reasons';
export type { ReasonCode } from './services/registry';
export { REASON_CODES } from './services/registry';

/** docs/domain.md, "Recognition policy": `UNVERIFIABLE` is never treated as recognised. */
export type Decision = 'RECOGNISED' | 'REFERRED' | 'REJECTED' | 'UNVERIFIABLE';

/** What the hub established about the record's signature. */
export interface Verification {
  /**
   * The signed record opens: its Ed25519 signature verifies under the registered key
   * named by `keyId`, it is the permit asked about, and every disclosure is signed.
   */
  signatureValid: boolean;
  keyId: string;
  /** That key is registered to the permit's issuer and was valid when the record was signed. */
  issuerTrusted: boolean;
}

/** A recognition decision for one permit, host and service. */
export interface Recognition {
  host: Region;
  service: Service;
  decision: Decision;
  /** Every reason, those that decided first; `EXPIRES_SOON` may accompany `RECOGNISED`. */
  reasons: Reason[];
  /** ISO date from which every failing waiting period is met if nothing changes, else null. */
  eligibleFrom: string | null;
  /** The policy version applied; null when none is in effect. */
  policyVersion: string | null;
  /** The decision date (ISO). */
  decidedAt: string;
  verification: Verification;
}

/**
 * What a decision is made from; everything is passed in, so the decision repeats exactly.
 * The permit is its number and its signed record: the decision reads only what the
 * issuer signed, never fields sent beside the signature.
 */
export interface RecognitionInput {
  permit: { id: string; signature: PermitSignature | null | undefined };
  host: Region;
  service: Service;
  /** `YYYY-MM-DD`, the caller's today: the evaluator never reads the clock. */
  decisionDate: string;
  policies: PolicySet;
  trust: TrustRegistry;
  /** The service modules to decide with; the shipped ones (services/registry.ts) when absent. */
  services?: readonly ServiceModule[];
}

/** An outcome that ends evaluation before the service checks. */
interface Stop {
  decision: 'REJECTED' | 'UNVERIFIABLE';
  reasons: Reason[];
}

const SEVERITY: Record<Outcome, number> = { RECOGNISED: 0, REFERRED: 1, REJECTED: 2 };

const STATUS_REASONS = {
  REVOKED: 'PERMIT_REVOKED',
  SUSPENDED: 'PERMIT_SUSPENDED',
} as const;

/**
 * Check 1: the signed record under the issuer's registered key (docs/domain.md: a record
 * verifies under the key that was valid when it was signed). An unknown key, or one not
 * valid on the signing date, makes the record unverifiable (it may be genuine); a record
 * that does not open (signature, disclosures, another permit's record) or a key of
 * another region is evidence of tampering or forgery and rejects it.
 */
function checkIntegrity(
  permit: RecognitionInput['permit'],
  decisionDate: string,
  trust: TrustRegistry,
): { verification: Verification; record: PermitRecord | null; stop: Stop | null } {
  const signature = permit.signature;
  const keyId = signature?.keyId ?? '';
  const registered = trust.lookup(keyId);
  if (!signature || !registered) {
    return {
      verification: { signatureValid: false, keyId, issuerTrusted: false },
      record: null,
      stop: {
        decision: 'UNVERIFIABLE',
        reasons: [reason('SIGNING_KEY_UNKNOWN', keyId ? `key ${keyId}` : 'no key id', 'a key in the YRD trust registry')],
      },
    };
  }

  const { metadata } = registered;
  const opened = openPermitSignature(signature, (jws) => registered.verifyJws(jws));
  // The reason names no field: which disclosure failed is computed over a field the
  // partner's purpose may hide.
  const problem = !opened.ok
    ? `the signed record does not verify under key ${keyId}`
    : opened.record.id !== permit.id
      ? 'the signed record is of another permit'
      : null;
  const record = opened.ok && !problem ? opened.record : null;
  const issuer = regionForAdminCode(permit.id.slice(0, 6));
  const issuersKey = metadata.region === issuer && (record === null || record.issuer === issuer);
  // A signing time counts once the issuer's signature over it verified, disclosures aside.
  const signedOn = opened.signedAt === undefined ? '' : shanghaiDate(opened.signedAt);
  const keyInForce = metadata.validFrom <= signedOn && signedOn <= metadata.validUntil;
  const verification = { signatureValid: record !== null, keyId, issuerTrusted: issuersKey && keyInForce };

  const forged: Reason[] = [];
  if (!issuersKey) {
    forged.push(reason('ISSUER_MISMATCH', `key ${keyId} of ${metadata.region}`, `a key of ${issuer ?? 'the issuing region'}`));
  }
  if (problem) forged.push(reason('SIGNATURE_INVALID', problem, `a record signed under key ${keyId}`));
  if (forged.length > 0) return { verification, record, stop: { decision: 'REJECTED', reasons: forged } };
  if (!keyInForce) {
    const observed = `signed ${signedOn} with key ${keyId} valid ${metadata.validFrom} to ${metadata.validUntil}`;
    return {
      verification,
      record,
      stop: { decision: 'UNVERIFIABLE', reasons: [reason('SIGNING_KEY_EXPIRED', observed, 'a key valid on the signing date')] },
    };
  }
  if (signedOn > decisionDate) {
    return {
      verification,
      record,
      stop: { decision: 'UNVERIFIABLE', reasons: [reason('RECORD_MALFORMED', `signed ${signedOn}`, `signed on or before ${decisionDate}`)] },
    };
  }
  return { verification, record, stop: null };
}

/**
 * Checks 2 (status `EXPIRED`) and 3: `validUntil` against the decision date. Expired
 * stops with `PERMIT_EXPIRED`, except for `MEDICAL_BILLING` within the grace days, which
 * is referred so no treatment is refused over a renewal. A registry may flip the status
 * to `EXPIRED` on the day the permit runs out, so an `EXPIRED` record is judged like a
 * `VALID` one past its `validUntil` (expired at least 0 days): the grace applies to it
 * too. `expiresSoon` is reported only on a decision that is not a rejection.
 */
function checkValidity(
  permit: PermitRecord,
  module: ServiceModule,
  decisionDate: string,
  global: GlobalPolicy,
): { stop: Stop } | { check: CheckResult; expiresSoon: Reason | null } {
  const daysLeft = daysBetween(decisionDate, permit.validUntil);
  if (daysLeft < 0 || permit.status === 'EXPIRED') {
    const expiredFor = Math.max(0, -daysLeft);
    const observed = permit.status === 'EXPIRED' ? `status EXPIRED, valid until ${permit.validUntil}` : `valid until ${permit.validUntil}`;
    const grace = module.graceDays?.(global);
    if (grace !== undefined && expiredFor <= grace) {
      const inGrace = reason(
        'IN_GRACE_PERIOD',
        `expired ${days(expiredFor)} ago (${observed})`,
        `expired at most ${days(grace)} ago`,
      );
      return { check: { outcome: 'REFERRED', reasons: [inGrace] }, expiresSoon: null };
    }
    const expired = reason('PERMIT_EXPIRED', observed, `valid on ${decisionDate}`);
    return { stop: { decision: 'REJECTED', reasons: [expired] } };
  }
  const expiresSoon = daysLeft <= global.expiresSoonDays
    ? reason('EXPIRES_SOON', `${days(daysLeft)} left (valid until ${permit.validUntil})`, `more than ${days(global.expiresSoonDays)} left`)
    : null;
  return { check: { outcome: 'RECOGNISED', reasons: [] }, expiresSoon };
}

/** The latest `metOn` when every failing check is a waiting period, else null. */
function eligibleFrom(failing: readonly CheckResult[]): string | null {
  if (failing.length === 0) return null;
  let latest = '';
  for (const check of failing) {
    if (check.metOn === undefined) return null;
    if (check.metOn > latest) latest = check.metOn;
  }
  return latest;
}

/**
 * Decides whether `host` recognises `permit` for `service` on `decisionDate`
 * (docs/domain.md, "Recognition policy"). Pure and deterministic.
 *
 * Order: no policy version in effect → `UNVERIFIABLE: NO_POLICY_IN_EFFECT` (fail
 * closed); signature checks; fields the service reads well formed, else
 * `UNVERIFIABLE: RECORD_MALFORMED`; status; validity. Any of these that fails stops
 * evaluation. Then the service checks with the host region's thresholds: the decision is
 * the worst outcome, every failing reason is listed, those of rejecting checks first.
 *
 * @throws RangeError when `decisionDate` is not a `YYYY-MM-DD` date (a caller's bug).
 */
export function evaluateRecognition(input: RecognitionInput): Recognition {
  const { permit, host, service, decisionDate, policies, trust, services = SERVICE_MODULES } = input;
  if (!isIsoDate(decisionDate)) throw new RangeError(`decisionDate must be YYYY-MM-DD, got ${JSON.stringify(decisionDate)}`);

  const policy = policyFor(policies, decisionDate);
  const { verification, record, stop: integrityStop } = checkIntegrity(permit, decisionDate, trust);
  const decide = (decision: Decision, reasons: Reason[], eligible: string | null = null): Recognition => ({
    host,
    service,
    decision,
    reasons,
    eligibleFrom: eligible,
    policyVersion: policy?.version ?? null,
    decidedAt: decisionDate,
    verification,
  });

  if (!policy) {
    return decide('UNVERIFIABLE', [reason('NO_POLICY_IN_EFFECT', `no policy on ${decisionDate}`, 'a policy version in effect')]);
  }
  if (integrityStop || !record) return decide(integrityStop?.decision ?? 'UNVERIFIABLE', integrityStop?.reasons ?? []);

  const problems = recordProblems(record, service, services);
  if (problems.length > 0) {
    return decide('UNVERIFIABLE', [reason('RECORD_MALFORMED', problems.join('; '), 'a well-formed YRD permit record')]);
  }

  if (record.status === 'REVOKED' || record.status === 'SUSPENDED') {
    return decide('REJECTED', [reason(STATUS_REASONS[record.status], record.status, 'VALID')]);
  }

  const validity = checkValidity(record, serviceModule(service, services), decisionDate, policy.global);
  if ('stop' in validity) return decide(validity.stop.decision, validity.stop.reasons);

  const checks = [validity.check, ...serviceChecks(record, service, policy.hosts[host], policy.global, decisionDate, services)];
  const outcome = checks.reduce<Outcome>((worst, c) => (SEVERITY[c.outcome] > SEVERITY[worst] ? c.outcome : worst), 'RECOGNISED');
  // Stable sort: the reasons that decided come first, in check order within a severity.
  const failing = checks.filter((c) => c.outcome !== 'RECOGNISED').sort((a, b) => SEVERITY[b.outcome] - SEVERITY[a.outcome]);
  const reasons = failing.flatMap((c) => c.reasons);
  if (validity.expiresSoon && outcome !== 'REJECTED') reasons.push(validity.expiresSoon);
  return decide(outcome, reasons, eligibleFrom(failing));
}
