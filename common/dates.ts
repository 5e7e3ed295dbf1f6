/**
 * Calendar arithmetic on plain ISO dates (`YYYY-MM-DD`), the only date form the
 * recognition rules and the mock registries use. Dates are civil days with no time zone
 * or clock: the caller supplies every "today", so a decision or a generated registry
 * repeats exactly.
 *
 * Integer day numbers (days since 1970-01-01, proleptic Gregorian) instead of `Date`,
 * because `Date.UTC` maps years 0–99 onto 1900–1999 and invites reading the clock.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-29` is false). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  return civilDate(value) !== undefined;
}

/** The parts of a real calendar date written `YYYY-MM-DD`, else undefined: one regex pass. */
function civilDate(value: string): CivilDate | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? { year, month, day } : undefined;
}

/** Days in a month of the Gregorian calendar; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parse(date: string): CivilDate {
  const civil = typeof date === 'string' ? civilDate(date) : undefined;
  if (!civil) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return civil;
}

function format({ year, month, day }: CivilDate): string {
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} has no YYYY-MM-DD form`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `date` moved by a whole number of days (negative moves back). */
export function addDays(date: string, days: number): string {
  return format(fromDayNumber(toDayNumber(parse(date)) + days));
}

/** Days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(parse(to)) - toDayNumber(parse(from));
}

/**
 * `date` moved by whole calendar months, the day clamped to the end of a shorter
 * month: `2026-01-31` + 1 → `2026-02-28`, `2028-02-29` + 12 → `2029-02-28`.
 */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parse(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return format({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** `date` moved by whole years; 29 February clamps to 28 February in a common year. */
export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/**
 * Whole months elapsed from `from` to `to`: the largest `n` with
 * `addMonths(from, n) <= to`, so `addMonths(from, n)` is exactly the first day on which
 * `n` months have passed. Negative when `to` is before `from`.
 */
export function monthsBetween(from: string, to: string): number {
  const a = parse(from);
  const b = parse(to);
  let n = (b.year - a.year) * 12 + (b.month - a.month);
  // The calendar difference is off by at most one; clamping decides the edge.
  while (addMonths(from, n) > to) n--;
  while (addMonths(from, n + 1) <= to) n++;
  return n;
}

/**
 * Age in whole years on a date. A person born on 29 February comes of age on
 * 1 March in common years (the birthday has not been reached on 28 February).
 */
export function ageOn(birthDate: string, on: string): number {
  const birth = parse(birthDate);
  const day = parse(on);
  const beforeBirthday = day.month < birth.month || (day.month === birth.month && day.day < birth.day);
  return day.year - birth.year - (beforeBirthday ? 1 : 0);
}

/** The month `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  parse(date);
  return date.slice(0, 7);
}

/**
 * A date uniform in [`lo`, `hi`], both inclusive. `int(min, max)` is a uniform integer
 * source over an inclusive range (such as a seeded PRNG's `int`), injected so this module
 * never reads `Math.random`.
 */
export function dateBetween(lo: string, hi: string, int: (min: number, max: number) => number): string {
  const span = daysBetween(lo, hi);
  if (span < 0) throw new RangeError(`empty date range ${lo}..${hi}`);
  return addDays(lo, int(0, span));
}
