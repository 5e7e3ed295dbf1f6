import { parsePermitNumber } from './permitNumber';
import { isValidResidentId } from './residentId';

/**
 * The format of the partner's references the gateway keeps (`X-Case-Id`, `X-Officer-Id`):
 * 1–64 of ASCII letters, digits and `_ . : / -`. Never free text: it could carry a name.
 */
export const REFERENCE_ID_PATTERN = /^[\w.:/-]{1,64}$/;

/** A request id as the gateway accepts and forwards it: 1–64 of ASCII letters, digits, `_ . -`. */
export const REQUEST_ID_PATTERN = /^[\w.-]{1,64}$/;

/** The separators a reference may put inside a number (`3101-1520-2200-0001-018`). */
const SEPARATORS = /[_.:/\s-]/g;

/**
 * Whether `value` holds something shaped like a personal number: an 18-character resident
 * ID number (GB 11643: a real birth date and its check character) or a 19-character
 * permit number (its check character), anywhere in it, separators ignored. The
 * references go as sent into the audit trail and every service's logs, which must hold
 * pseudonyms only: a partner that puts the holder's ID number in `X-Officer-Id` or the
 * permit number in `X-Case-Id` is refused (`PERSONAL_NUMBER_IN_HEADER`).
 */
export function holdsPersonalNumber(value: string): boolean {
  const digits = value.replace(SEPARATORS, '').toUpperCase();
  for (let i = 0; i + 18 <= digits.length; i++) {
    if (isValidResidentId(digits.slice(i, i + 18))) return true;
    const permit = parsePermitNumber(digits.slice(i, i + 19));
    // An unconnected issuer is still a permit number.
    if (permit.ok || permit.code === 'UNKNOWN_ISSUER') return true;
  }
  return false;
}

/**
 * The caller's `X-Request-Id` when the gateway may keep and forward it as sent: in the
 * format and holding no personal number; else undefined (the gateway uses its own id).
 */
export function saneRequestId(given: string | undefined): string | undefined {
  return given !== undefined && REQUEST_ID_PATTERN.test(given) && !holdsPersonalNumber(given) ? given : undefined;
}
