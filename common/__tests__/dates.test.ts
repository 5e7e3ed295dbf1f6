import {
  addDays,
  addMonths,
  addYears,
  ageOn,
  dateBetween,
  daysBetween,
  daysInMonth,
  isIsoDate,
  monthOf,
  monthsBetween,
} from '../dates';

describe('isIsoDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each([
    '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00',
    '2026-1-01', '20260101', '2026-01-01T00:00:00Z', ' 2026-01-01', '',
  ])('rejects %j', (d) => {
    expect(isIsoDate(d)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('daysInMonth', () => {
  it('knows leap years by the Gregorian rule', () => {
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(1900, 2), daysInMonth(2000, 2)]).toEqual([28, 29, 28, 29]);
    expect([daysInMonth(2026, 4), daysInMonth(2026, 12)]).toEqual([30, 31]);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-04-15', 30, '2026-05-15'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-04-15', -31, '2026-03-15'],
    ['1970-01-01', -1, '1969-12-31'],
    ['0050-06-15', 0, '0050-06-15'],
    ['2026-11-01', -10, '2026-10-22'],
    ['2026-12-25', 10, '2027-01-04'],
  ])('%s %+d days → %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('throws on a malformed date rather than guessing', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts days from the first date to the second', () => {
    expect(daysBetween('2026-03-16', '2026-04-15')).toBe(30);
    expect(daysBetween('2026-04-15', '2026-03-16')).toBe(-30);
    expect(daysBetween('2026-04-15', '2026-04-15')).toBe(0);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-11-01', '2026-11-11')).toBe(10);
    expect(daysBetween('2026-11-01', '2026-10-22')).toBe(-10);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-04-15', 1, '2026-05-15'],
    ['2026-04-15', 12, '2027-04-15'],
    ['2026-04-15', -12, '2025-04-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-04-15', 0, '2026-04-15'],
    ['2026-11-01', -20, '2025-03-01'],
  ])('%s %+d months → %s (end-of-month clamped)', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
});

describe('addYears', () => {
  it('clamps 29 February to 28 February in a common year', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2025-04-15', '2026-04-15', 12],
    ['2025-04-16', '2026-04-15', 11],
    ['2025-04-15', '2026-04-14', 11],
    ['2026-01-31', '2026-02-27', 0],
    ['2026-01-31', '2026-02-28', 1],
    ['2025-01-31', '2026-01-31', 12],
    ['2026-04-15', '2026-04-15', 0],
    ['2026-04-15', '2026-03-15', -1],
    ['2026-04-15', '2026-03-16', -1],
    ['2025-12-01', '2026-11-01', 11],
    ['2025-12-02', '2026-11-01', 10],
    ['2026-11-01', '2026-11-01', 0],
  ])('%s → %s is %d whole months', (from, to, expected) => {
    expect(monthsBetween(from, to)).toBe(expected);
  });

  it('agrees with addMonths: n months have passed exactly from addMonths(from, n)', () => {
    for (const from of ['2025-01-31', '2025-02-28', '2024-02-29', '2025-08-31', '2025-06-15']) {
      for (let n = 0; n <= 14; n++) {
        const met = addMonths(from, n);
        expect(monthsBetween(from, met)).toBe(n);
        expect(monthsBetween(from, addDays(met, -1))).toBe(n - 1);
      }
    }
  });
});

describe('ageOn', () => {
  it.each([
    ['2020-08-31', '2026-08-31', 6],
    ['2020-09-01', '2026-08-31', 5],
    ['2010-09-01', '2026-08-31', 15],
    ['2010-08-31', '2026-08-31', 16],
    ['2028-02-29', '2033-02-28', 4],
    ['2028-02-29', '2033-03-01', 5],
    ['2028-02-29', '2032-02-29', 4],
  ])('born %s is on %s aged %d', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});

describe('monthOf', () => {
  it('gives the YYYY-MM of a date', () => {
    expect(monthOf('2026-10-05')).toBe('2026-10');
  });
});

describe('dateBetween', () => {
  it('draws a day offset from the injected integer source, both ends inclusive', () => {
    expect(dateBetween('2026-02-27', '2026-03-02', (min) => min)).toBe('2026-02-27');
    expect(dateBetween('2026-02-27', '2026-03-02', (_min, max) => max)).toBe('2026-03-02');
  });

  it('throws on an empty range', () => {
    expect(() => dateBetween('2026-03-02', '2026-02-27', (min) => min)).toThrow(RangeError);
  });
});
