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
