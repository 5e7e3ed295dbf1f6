import { addDays, addMonths, addYears, ageOn, daysBetween, isIsoDate, monthOf, monthsBetween } from '../dates';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-11-01', -10)).toBe('2026-10-22');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
  });

  it('clamps the day of month when adding months or years', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-01', -20)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('counts whole months once the day of month is reached', () => {
    expect(monthsBetween('2025-12-01', '2026-11-01')).toBe(11);
    expect(monthsBetween('2025-12-02', '2026-11-01')).toBe(10);
    expect(monthsBetween('2026-11-01', '2026-11-01')).toBe(0);
  });

  it('counts age in whole years, a birthday on the day included', () => {
    expect(ageOn('2020-08-31', '2026-08-31')).toBe(6);
    expect(ageOn('2020-09-01', '2026-08-31')).toBe(5);
  });

  it('measures days and months', () => {
    expect(daysBetween('2026-11-01', '2026-11-11')).toBe(10);
    expect(daysBetween('2026-11-01', '2026-10-22')).toBe(-10);
    expect(monthOf('2026-10-05')).toBe('2026-10');
  });
});
