import type { z } from 'zod';
import type { PermitRecord } from '../../../../common/permit';
import type { Purpose } from '../../../../common/services';
import type { GlobalPolicy } from '../globalPolicy';
import { months, reason, type Reason, type ReasonTable } from '../reasons';

/**
 * One service's whole rule in one place (docs/adding-a-purpose.md): its thresholds per
 * host, the record fields it decides on, its checks, its requirements as a resident reads
 * them, and its reason codes. The policy file, the record check, the decision and the
 * policy listing all read the registry of these (`registry.ts`).
 */
export interface ServiceModule {
  /** The purpose's name, enum description and visible fields (common/purposes/). */
  readonly purpose: Purpose;
  /**
   * Its entry in each host of `policies.json`, when a host sets thresholds for it: a
   * region changes a threshold in the file, not here (DOMAIN.md).
   */
  readonly thresholds?: { readonly key: string; readonly schema: z.ZodType };
  /** Record fields its checks read, beyond `status` and `validUntil` (checked by every service). */
  readonly record: z.core.$ZodLooseShape;
  /** The reason codes its checks give, with their Chinese and English messages. */
  readonly reasons: ReasonTable;
  /** Days after `validUntil` still referred rather than rejected; none when absent. */
  graceDays?(global: GlobalPolicy): number;
  /** Its checks under the host's thresholds; the decision is the worst outcome of them. */
  checks(permit: PermitRecord, host: HostPolicy, global: GlobalPolicy, decisionDate: string): CheckResult[];
  /** What it requires beyond the checks every service shares, worded for a resident. */
  requirements(host: HostPolicy, global: GlobalPolicy): Requirement[];
}

/** One host's thresholds, keyed by each service's `thresholds.key`; validated on load. */
export type HostPolicy = Readonly<Record<string, unknown>>;

/**
 * A service's thresholds in `host`. The policy file was checked against the module's
 * schema when it was loaded (policy.ts), so the type is a fact, not a hope.
 */
export function thresholdsIn<T>(host: HostPolicy, key: string): T {
  return host[key] as T;
}

/** The outcome of one check; the decision is the worst outcome of all checks. */
export type Outcome = 'RECOGNISED' | 'REFERRED' | 'REJECTED';

/** What one check found. */
export interface CheckResult {
  outcome: Outcome;
  reasons: Reason[];
  /**
   * Set on a failing waiting period only: the first ISO date on which it is met if
   * nothing changes. A failure without it (no child, closed account) is not cured by time.
   */
  metOn?: string;
}

/** A check that found nothing wrong. */
export const PASSED: CheckResult = { outcome: 'RECOGNISED', reasons: [] };

/**
 * A months threshold: met, missed by at most `nearMonths` (REFERRED with NEAR_THRESHOLD
 * after the specific reason, built by the caller), or missed by more (REJECTED).
 */
export function monthsThreshold(
  specificReason: (observed: string, required: string) => Reason,
  observed: number,
  required: number,
  nearMonths: number,
  metOn: string,
): CheckResult {
  const shortfall = required - observed;
  if (shortfall <= 0) return PASSED;
  const specific = specificReason(months(observed), months(required));
  if (shortfall > nearMonths) return { outcome: 'REJECTED', reasons: [specific], metOn };
  const near = reason('NEAR_THRESHOLD', `${months(shortfall)} short`, `at most ${months(nearMonths)} short`);
  return { outcome: 'REFERRED', reasons: [specific, near], metOn };
}

/**
 * One thing a host requires for a service, worded for a resident; `code` says what it is
 * about (`RESIDENCE_MONTHS`) and `value` is its machine-readable threshold.
 */
export interface Requirement {
  code: string;
  descriptionZh: string;
  descriptionEn: string;
  value: string;
}

/** Builds a requirement; `value` becomes its string form. */
export function requirement(code: string, value: string | number, descriptionZh: string, descriptionEn: string): Requirement {
  return { code, descriptionZh, descriptionEn, value: String(value) };
}

/** The `(差n个月以内的转人工复核)` note of a months requirement; empty when nothing is referred. */
export function nearNote(near: number): { zh: string; en: string } {
  if (near === 0) return { zh: '', en: '' };
  return {
    zh: `（差${near}个月以内的转人工复核）`,
    en: ` (up to ${near} month${near === 1 ? '' : 's'} short: referred for review)`,
  };
}
