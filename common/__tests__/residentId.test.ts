import { formatResidentId, isValidResidentId } from '../residentId';
import { randomDigits, randomInt, seededRandom } from './seededRandom';

// The GB 11643 standard example; its check character X is hand-computed in checkChar.test.ts.
const GB_EXAMPLE = '11010519491231002X';
const CHECK_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

function withCharAt(value: string, index: number, ch: string): string {
  return value.slice(0, index) + ch + value.slice(index + 1);
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

describe('isValidResidentId', () => {
  it('accepts the GB 11643 standard example', () => {
    expect(isValidResidentId(GB_EXAMPLE)).toBe(true);
  });

  it('accepts a lower-case x check character', () => {
    expect(isValidResidentId(GB_EXAMPLE.toLowerCase())).toBe(true);
  });

  it.each(CHECK_CHARS.filter((ch) => ch !== 'X'))(
    'refuses the standard example with check character %s instead of X',
    (ch) => {
      expect(isValidResidentId(withCharAt(GB_EXAMPLE, 17, ch))).toBe(false);
    },
  );

  it('refuses a single-digit change in the birth date', () => {
    expect(isValidResidentId('11010519491230002X')).toBe(false);
  });

  it('accepts 29 February of a leap year', () => {
    expect(isValidResidentId(formatResidentId('310101', '2024-02-29', 1))).toBe(true);
  });

  it.each([
    ['29 February of a common year', '20230229'],
    ['30 February', '20240230'],
    ['31 April', '20230431'],
    ['month 13', '20231301'],
    ['month 00', '20230001'],
    ['day 00', '20230100'],
    ['day 32', '20230132'],
  ])('refuses a birth date of %s even with a matching check character', (_label, yyyymmdd) => {
    // Every possible check character is tried, so only the date can be the reason.
    const candidates = CHECK_CHARS.map((ch) => `310101${yyyymmdd}001${ch}`);
    expect(candidates.filter((id) => isValidResidentId(id))).toEqual([]);
  });

  it.each([
    ['the empty string', ''],
    ['17 characters', GB_EXAMPLE.slice(0, 17)],
    ['19 characters', `${GB_EXAMPLE}0`],
    ['a letter in the body', withCharAt(GB_EXAMPLE, 4, 'A')],
    ['an X in the body', withCharAt(GB_EXAMPLE, 16, 'X')],
    ['surrounding whitespace', ` ${GB_EXAMPLE} `],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ'],
  ])('refuses %s', (_label, id) => {
    expect(isValidResidentId(id)).toBe(false);
  });
});

describe('formatResidentId', () => {
  it('rebuilds the GB 11643 standard example', () => {
    expect(formatResidentId('110105', '1949-12-31', 2)).toBe(GB_EXAMPLE);
  });

  it('takes the birth date in ISO basic form too', () => {
    expect(formatResidentId('110105', '19491231', 2)).toBe(GB_EXAMPLE);
  });

  it('builds IDs that are valid for 2,000 seeded codes, birth dates and sequences', () => {
    const random = seededRandom(11643);
    const from = Date.UTC(1930, 0, 1);
    const until = Date.UTC(2025, 11, 31);
    const invalid: string[] = [];
    for (let n = 0; n < 2_000; n++) {
      const birthDate = isoDate(from + Math.floor(random() * (until - from)));
      const id = formatResidentId(randomDigits(random, 6), birthDate, randomInt(random, 0, 999));
      if (!isValidResidentId(id) || id.slice(6, 14) !== birthDate.replaceAll('-', '')) invalid.push(id);
    }
    expect(invalid).toEqual([]);
  });

  it.each<[string, string, string, number]>([
    ['a 5-digit code', '31010', '1990-01-01', 1],
    ['a code with a letter', '31010A', '1990-01-01', 1],
    ['a short date made up by a long sequence', '310101', '1990-1-1', 12345],
    ['an impossible date', '310101', '1990-02-30', 1],
    ['an impossible date in basic form', '310101', '19900230', 1],
    ['a date with slashes', '310101', '1990/01/01', 1],
    ['a sequence of 4 digits', '310101', '1990-01-01', 1000],
    ['a negative sequence', '310101', '1990-01-01', -1],
    ['a fractional sequence', '310101', '1990-01-01', 1.5],
  ])('throws a RangeError for %s', (_label, adminCode, birthDate, sequence) => {
    expect(() => formatResidentId(adminCode, birthDate, sequence)).toThrow(RangeError);
  });
});
