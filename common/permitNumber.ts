import { mod11_2CheckChar } from './checkChar';
import { regionForAdminCode, type Region } from './regions';

/** A permit number taken apart (DOMAIN.md, "Permit number"). */
export interface PermitNumber {
  /** The 19-character number, upper-case check character. */
  value: string;
  adminCode: string;
  year: number;
  serial: string;
  checkChar: string;
}

export type PermitNumberResult =
  | { ok: true; permit: PermitNumber; region: Region }
  | { ok: false; code: 'INVALID_PERMIT_NUMBER'; reason: string }
  | { ok: false; code: 'UNKNOWN_ISSUER'; reason: string; adminCode: string };

const SHAPE = /^(\d{6})(\d{4})(\d{8})([0-9X])$/;
const FIRST_YEAR = 2000;

/**
 * Parses and checks a permit number: 6-digit issuing code, 4-digit year of first issue,
 * 8-digit serial, ISO 7064 MOD 11-2 check character. A lower-case `x` is accepted.
 * Never throws: partner input is untrusted, so every outcome is a value.
 */
export function parsePermitNumber(input: unknown): PermitNumberResult {
  if (typeof input !== 'string') {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: 'not a string' };
  }
  const value = input.trim().toUpperCase();
  const m = SHAPE.exec(value);
  if (!m) {
    return {
      ok: false,
      code: 'INVALID_PERMIT_NUMBER',
      reason: 'expected 18 digits and a check character 0-9 or X',
    };
  }
  const [, adminCode, yearText, serial, checkChar] = m as unknown as [string, string, string, string, string];
  const year = Number(yearText);
  if (year < FIRST_YEAR || year > 2099) {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: `year ${yearText} out of range` };
  }
  if (mod11_2CheckChar(value.slice(0, 18)) !== checkChar) {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: 'check character does not match' };
  }
  const region = regionForAdminCode(adminCode);
  if (!region) {
    return {
      ok: false,
      code: 'UNKNOWN_ISSUER',
      reason: `issuing code ${adminCode} is not a connected region`,
      adminCode,
    };
  }
  return { ok: true, region, permit: { value, adminCode, year, serial, checkChar } };
}

/** Builds a valid permit number from its parts (mocks, tests, examples). */
export function formatPermitNumber(adminCode: string, year: number, serial: number): string {
  const body = `${adminCode}${String(year).padStart(4, '0')}${String(serial).padStart(8, '0')}`;
  if (!/^\d{18}$/.test(body)) throw new RangeError(`cannot build a permit number from ${body}`);
  return body + mod11_2CheckChar(body);
}
