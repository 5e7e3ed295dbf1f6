import { mod11_2CheckChar } from './checkChar';

/**
 * True when `id` is an 18-character resident identity number (GB 11643) with a valid
 * birth date and check character.
 */
export function isValidResidentId(id: string): boolean {
  const m = /^(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([0-9X])$/.exec(id.toUpperCase());
  if (!m) return false;
  const [, , y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) {
    return false;
  }
  return mod11_2CheckChar(id.slice(0, 17)) === id.slice(17).toUpperCase();
}

/** Builds a valid resident ID from region code, ISO birth date and 3-digit sequence. */
export function formatResidentId(adminCode: string, birthDate: string, sequence: number): string {
  const body = `${adminCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(body)) throw new RangeError(`cannot build a resident ID from ${body}`);
  return body + mod11_2CheckChar(body);
}
