import { mod11_2CheckChar } from './checkChar';
import { issuingRegion, REGION_CATALOGUE, type Region, type RegionCatalogue } from './regions';

/** A permit number taken apart (docs/domain.md, "Permit number"). */
export interface PermitNumber {
  /** The 19-character number, upper-case check character. */
  value: string;
  adminCode: string;
  year: number;
  serial: string;
  checkChar: string;
}

export type PermitNumberResult<R extends string = Region> =
  | { ok: true; permit: PermitNumber; region: R }
  | { ok: false; code: 'INVALID_PERMIT_NUMBER'; reason: string }
  | { ok: false; code: 'UNKNOWN_ISSUER'; reason: string; adminCode: string };

const SHAPE = /^(\d{6})(\d{4})(\d{8})([0-9X])$/;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;
const MAX_SERIAL = 99_999_999;

/**
 * Parses and checks a permit number: 6-digit issuing code, 4-digit year of first issue,
 * 8-digit serial, ISO 7064 MOD 11-2 check character. A lower-case `x` is accepted;
 * nothing else is normalised (docs/domain.md: 19 characters, written without spaces), so
 * surrounding whitespace is `INVALID_PERMIT_NUMBER` like any other malformed input.
 * Never throws: partner input is untrusted, so every outcome is a value.
 */
export function parsePermitNumber(input: unknown): PermitNumberResult {
  return parsePermitNumberIn(input, REGION_CATALOGUE);
}

/** {@link parsePermitNumber} over any region catalogue (a test's own, with a region more). */
export function parsePermitNumberIn<R extends string>(input: unknown, catalogue: RegionCatalogue<R>): PermitNumberResult<R> {
  if (typeof input !== 'string') {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: 'not a string' };
  }
  // Length first, so an oversized input is refused before it is copied by toUpperCase.
  const value = input.length === 19 ? input.toUpperCase() : '';
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
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: `year ${yearText} out of range` };
  }
  if (mod11_2CheckChar(value.slice(0, 18)) !== checkChar) {
    return { ok: false, code: 'INVALID_PERMIT_NUMBER', reason: 'check character does not match' };
  }
  const region = issuingRegion(adminCode, catalogue);
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

/**
 * Builds a valid permit number from its parts (mocks, tests, examples): a 6-digit code,
 * a year 2000–2099 and an integer serial 0–99 999 999. Throws `RangeError` otherwise.
 */
export function formatPermitNumber(adminCode: string, year: number, serial: number): string {
  // Each part is checked on its own: checking only the joined 18 digits let a short part
  // and a long one make up for each other (`'3101', 152024, 1`) and build a wrong number.
  if (
    !/^\d{6}$/.test(adminCode) ||
    !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR ||
    !Number.isInteger(serial) || serial < 0 || serial > MAX_SERIAL
  ) {
    throw new RangeError(`cannot build a permit number from ${adminCode}, ${year}, ${serial}`);
  }
  const body = `${adminCode}${year}${String(serial).padStart(8, '0')}`;
  return body + mod11_2CheckChar(body);
}
