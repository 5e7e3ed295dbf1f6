import type { KeyObject } from 'node:crypto';
import { ageOn, daysBetween, monthsBetween } from '../../common/dates';
import type { SignedPermit } from '../../common/permit';
import type { Region } from '../../common/regions';
import { shanghaiDate } from '../../common/chinaToday';
import { importRawPublicKey, verifyPermit } from '../../common/signing';
import type { TrustedKey } from '../../common/trust';
import { generateRegistry } from '../generate';
import { mockTrustRegistry } from '../../common/mockIssuerKeys';

export const AS_OF = '2026-11-01';

/** A fixed salt key, so registries generated in tests repeat byte for byte. */
export const TEST_SALT_KEY = Buffer.alloc(32, 0x5a);

const registries = new Map<Region, SignedPermit[]>();

/** The default registry of a region, generated once per test file. */
export function defaultRegistry(region: Region): SignedPermit[] {
  let permits = registries.get(region);
  if (!permits) {
    permits = generateRegistry(region, { saltKey: TEST_SALT_KEY });
    registries.set(region, permits);
  }
  return permits;
}

export type SignatureCheck = 'VALID' | 'INVALID' | 'UNKNOWN_KEY' | 'KEY_NOT_IN_FORCE';

let trusted: Map<string, { key: TrustedKey; publicKey: KeyObject }> | undefined;
const checked = new WeakMap<SignedPermit, Map<string, SignatureCheck>>();

/**
 * What a verifier holding the mock trust registry finds on `date`: the issuer's key
 * with that id, in force on the day the record was signed (and signed by `date`), and a
 * signed record that opens to exactly this record.
 */
export function checkSignature(permit: SignedPermit, date: string): SignatureCheck {
  trusted ??= new Map(
    mockTrustRegistry().map((key) => [key.keyId, { key, publicKey: importRawPublicKey(key.publicKey) }]),
  );
  let byDate = checked.get(permit);
  if (!byDate) checked.set(permit, (byDate = new Map()));
  let result = byDate.get(date);
  if (!result) {
    const entry = trusted.get(permit.signature.keyId);
    result =
      !entry || entry.key.region !== permit.issuer
        ? 'UNKNOWN_KEY'
        : signedOn(permit) < entry.key.validFrom || signedOn(permit) > entry.key.validUntil || signedOn(permit) > date
          ? 'KEY_NOT_IN_FORCE'
          : verifyPermit(permit, permit.signature, entry.publicKey)
            ? 'VALID'
            : 'INVALID';
    byDate.set(date, result);
  }
  return result;
}

/** The day (China Standard Time) the issuer signed the record. */
function signedOn(permit: SignedPermit): string {
  return shanghaiDate(Date.parse(permit.signature.signedAt) / 1000);
}

/** Days from `date` to `validUntil` (negative once past). */
export function daysLeft(permit: SignedPermit, date: string): number {
  return daysBetween(date, permit.validUntil);
}

export function residenceMonths(permit: SignedPermit, date: string): number {
  return monthsBetween(permit.residentSince, date);
}

/** docs/domain.md, SCHOOLING: a dependant aged 6 to 15 on 31 August of the decision year. */
export function hasEligibleChild(permit: SignedPermit, date: string): boolean {
  const aug31 = `${date.slice(0, 4)}-08-31`;
  return permit.dependants.some((d) => {
    const age = ageOn(d.birthDate, aug31);
    return age >= 6 && age <= 15;
  });
}
