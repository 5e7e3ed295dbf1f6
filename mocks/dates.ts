/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) in UTC, so mock data never depends on
 * the machine's time zone or clock.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  return parse(value) !== undefined;
}

// Arithmetic rather than Date round trips: generation parses dates some 100 000 times.
function parse(iso: string): [number, number, number] | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? [y, mo, d] : undefined;
}

function parts(iso: string): [number, number, number] {
  const p = parse(iso);
  if (!p) throw new RangeError(`not an ISO date: ${iso}`);
  return p;
}

function format(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = parts(iso);
  return format(Date.UTC(y, m - 1, d) + days * DAY_MS);
}

/** Same day of month `months` later (or earlier); the 31st clamps to a shorter month's end. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(Date.UTC(year, month - 1, Math.min(d, daysInMonth(year, month))));
}

export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

/** `to - from` in days. */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS);
}

/** Whole calendar months from `from` to `to` (a month counts once its day of month is reached). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/** Age in whole years on `date` of someone born on `birthDate`. */
export function ageOn(birthDate: string, date: string): number {
  return Math.floor(monthsBetween(birthDate, date) / 12);
}

/** `YYYY-MM` of a date. */
export function monthOf(iso: string): string {
  parts(iso);
  return iso.slice(0, 7);
}

/** A date uniform in [lo, hi], both inclusive; `int` is a uniform integer source such as `Prng.int`. */
export function dateBetween(lo: string, hi: string, int: (min: number, max: number) => number): string {
  const span = daysBetween(lo, hi);
  if (span < 0) throw new RangeError(`empty date range ${lo}..${hi}`);
  return addDays(lo, int(0, span));
}
