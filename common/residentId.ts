import { mod11_2CheckChar } from './checkChar';

/**
 * True when `id` is an 18-character resident identity number (GB 11643) with a valid
 * birth date and check character.
 */
export function isValidResidentId(id: string): boolean {
  const m = /^(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([0-9X])$/.exec(id.toUpperCase());
  if (!m) return false;
  const [, , y, mo, d] = m;
  if (!isCalendarDate(`${y}-${mo}-${d}`)) return false;
  return mod11_2CheckChar(id.slice(0, 17)) === id.slice(17).toUpperCase();
}

/**
 * Builds a valid resident ID from a 6-digit region code, an ISO birth date
 * (`YYYY-MM-DD` or `YYYYMMDD`, a real calendar day) and an integer sequence 0–999.
 * Throws `RangeError` otherwise.
 */
export function formatResidentId(adminCode: string, birthDate: string, sequence: number): string {
  // Each part is checked on its own: checking only the joined 17 digits let a short date
  // and a long sequence make up for each other, and an impossible date built an ID that
  // isValidResidentId refuses.
  const [, y, mo, d] = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(birthDate) ?? [];
  if (
    !/^\d{6}$/.test(adminCode) ||
    !isCalendarDate(`${y}-${mo}-${d}`) ||
    !Number.isInteger(sequence) || sequence < 0 || sequence > 999
  ) {
    throw new RangeError(`cannot build a resident ID from ${adminCode}, ${birthDate}, ${sequence}`);
  }
  const body = `${adminCode}${y}${mo}${d}${String(sequence).padStart(3, '0')}`;
  return body + mod11_2CheckChar(body);
}

// `Date` rolls 2023-02-30 over to 2023-03-02; reading the date back catches that.
function isCalendarDate(isoDate: string): boolean {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === isoDate;
}
