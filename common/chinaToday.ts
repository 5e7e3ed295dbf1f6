// The one home of China Standard Time: every "today" and every day of an instant is read
// here (a test keeps the arithmetic from growing a second home).

/** The civil time zone of every decision and of the mock registries' "today". */
export const DECISION_TIME_ZONE = 'Asia/Shanghai';

const format = new Intl.DateTimeFormat('en-CA', { timeZone: DECISION_TIME_ZONE });

/**
 * Today's date (`YYYY-MM-DD`) in China Standard Time, the day a decision is made on.
 * The one reader of the clock for dates: `common/dates.ts` takes every "today" from its
 * caller. The `en-CA` locale formats dates as ISO `YYYY-MM-DD`.
 */
export function chinaToday(now: Date = new Date()): string {
  return format.format(now);
}

/** The day (`YYYY-MM-DD`) of an instant in epoch seconds, China Standard Time: {@link chinaToday} of that instant. */
export function shanghaiDate(epochSeconds: number): string {
  return chinaToday(new Date(epochSeconds * 1000));
}

/** 09:00 China Standard Time (UTC+8, no daylight saving) on an ISO date, in epoch seconds: when mock issuers sign. */
export function shanghaiMorning(date: string): number {
  return Date.parse(`${date}T09:00:00+08:00`) / 1000;
}
