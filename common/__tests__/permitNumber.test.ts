import { formatPermitNumber, parsePermitNumber, type PermitNumberResult } from '../permitNumber';
import type { Region } from '../regions';
import { randomDigits, randomInt, seededRandom } from './seededRandom';

const CHECK_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

// Hand-computed in checkChar.test.ts: body 310115 2024 00012345, weighted sum 175,
// 175 mod 11 = 10, check (12 - 10) mod 11 = 2.
const SHANGHAI_PERMIT = '3101152024000123452';
// Pudong 2024 serial 12368: its check character is X (10).
const PERMIT_ENDING_IN_X = '310115202400012368X';

function expectInvalid(input: unknown): void {
  let result: PermitNumberResult | undefined;
  expect(() => {
    result = parsePermitNumber(input);
  }).not.toThrow();
  expect(result).toMatchObject({ ok: false, code: 'INVALID_PERMIT_NUMBER' });
}

function expectRegion(input: string, region: Region): void {
  expect(parsePermitNumber(input)).toMatchObject({ ok: true, region });
}

// Issuing codes under each connected region's prefix (docs/domain.md, "Regions").
function randomConnectedAdminCode(random: () => number): { adminCode: string; region: Region } {
  switch (randomInt(random, 0, 3)) {
    case 0:
      return { adminCode: `31${randomDigits(random, 4)}`, region: 'SHANGHAI' };
    case 1:
      return { adminCode: `3205${randomDigits(random, 2)}`, region: 'SUZHOU' };
    case 2:
      return { adminCode: `3301${randomDigits(random, 2)}`, region: 'HANGZHOU' };
    default:
      return { adminCode: `34${randomDigits(random, 4)}`, region: 'ANHUI' };
  }
}

function outcome(result: PermitNumberResult): string {
  return result.ok ? 'OK' : result.code;
}

function withCharAt(value: string, index: number, ch: string): string {
  return value.slice(0, index) + ch + value.slice(index + 1);
}

describe('parsePermitNumber', () => {
  it('takes a hand-checked Shanghai number apart', () => {
    expect(parsePermitNumber(SHANGHAI_PERMIT)).toEqual({
      ok: true,
      region: 'SHANGHAI',
      permit: { value: SHANGHAI_PERMIT, adminCode: '310115', year: 2024, serial: '00012345', checkChar: '2' },
    });
  });

  it('accepts a check character X', () => {
    expect(parsePermitNumber(PERMIT_ENDING_IN_X)).toMatchObject({ ok: true, permit: { checkChar: 'X' } });
  });

  it('accepts a lower-case x and returns the number with an upper-case X', () => {
    const lower = PERMIT_ENDING_IN_X.toLowerCase();
    expect(parsePermitNumber(lower)).toMatchObject({
      ok: true,
      permit: { value: PERMIT_ENDING_IN_X, checkChar: 'X' },
    });
  });

  it.each<[string, Region]>([
    ['3101152024000123452', 'SHANGHAI'],
    ['3205062023000000014', 'SUZHOU'],
    ['3301062023000000014', 'HANGZHOU'],
    ['3401042023000000012', 'ANHUI'],
  ])('routes %s to %s', (input, region) => {
    expectRegion(input, region);
  });

  it.each([
    ['110101', '1101012023000000019'], // Beijing Dongcheng
    ['320100', '3201002023000000014'], // Nanjing, Jiangsu but not Suzhou
    ['330200', '3302002023000000019'], // Ningbo, Zhejiang but not Hangzhou
    ['440305', '4403052023000000014'], // Shenzhen Nanshan
  ])('answers UNKNOWN_ISSUER with the code for a well-formed number issued under %s', (adminCode, input) => {
    expect(parsePermitNumber(input)).toMatchObject({ ok: false, code: 'UNKNOWN_ISSUER', adminCode });
  });

  it('checks the check character before the issuer, so a bad number of any region is invalid', () => {
    expectInvalid('1101012023000000010');
  });

  it.each([
    ['1999', '3101151999000000018'],
    ['2100', '3101152100000000016'],
    ['0000', '3101150000000000015'],
  ])('refuses the year of first issue %s even with a matching check character', (_year, input) => {
    expectInvalid(input);
  });

  it.each<[string, unknown]>([
    ['the empty string', ''],
    ['18 characters', SHANGHAI_PERMIT.slice(0, 18)],
    ['20 characters', `${SHANGHAI_PERMIT}0`],
    ['a letter in the body', withCharAt(SHANGHAI_PERMIT, 7, 'A')],
    ['an x in the body', withCharAt(PERMIT_ENDING_IN_X, 3, 'x')],
    ['a check character other than 0-9 or X', withCharAt(SHANGHAI_PERMIT, 18, 'Y')],
    ['a leading space', ` ${SHANGHAI_PERMIT}`],
    ['a trailing space', `${SHANGHAI_PERMIT} `],
    ['a trailing newline', `${SHANGHAI_PERMIT}\n`],
    ['a space inside, as in the spaced example shape', '310115 2024 00012345 2'],
    ['a tab inside', `310115\t${SHANGHAI_PERMIT.slice(7)}`],
    ['an ideographic space', `${SHANGHAI_PERMIT}\u3000`],
    ['19 spaces', ' '.repeat(19)],
    ['full-width digits', '３１０１１５２０２４０００１２３４５２'],
    ['Arabic-Indic digits', '٣١٠١١٥٢٠٢٤٠٠٠١٢٣٤٥٢'],
    ['a minus sign', `-${SHANGHAI_PERMIT.slice(1)}`],
    ['a million digits', '3'.repeat(1_000_000)],
    ['a million Xs', 'X'.repeat(1_000_000)],
    ['null', null],
    ['undefined', undefined],
    ['the number as a number', Number(SHANGHAI_PERMIT)],
    ['NaN', Number.NaN],
    ['a bigint', BigInt(SHANGHAI_PERMIT)],
    ['a boolean', true],
    ['a plain object', { value: SHANGHAI_PERMIT }],
    ['an object whose toString is the number', { toString: () => SHANGHAI_PERMIT }],
    ['a String object', new String(SHANGHAI_PERMIT)],
    ['an array holding the number', [SHANGHAI_PERMIT]],
    ['a symbol', Symbol(SHANGHAI_PERMIT)],
    ['a function', () => SHANGHAI_PERMIT],
  ])('answers INVALID_PERMIT_NUMBER without throwing for %s', (_label, input) => {
    expectInvalid(input);
  });

  describe('over 10,000 seeded numbers of connected regions', () => {
    const random = seededRandom(20_240_101);
    const numbers = Array.from({ length: 10_000 }, () => {
      const { adminCode, region } = randomConnectedAdminCode(random);
      const year = randomInt(random, 2000, 2099);
      const serial = randomInt(random, 0, 99_999_999);
      return { value: formatPermitNumber(adminCode, year, serial), adminCode, year, serial, region };
    });

    it('parses every formatted number back into its parts and region', () => {
      const mismatches = numbers.filter(({ value, adminCode, year, serial, region }) => {
        const result = parsePermitNumber(value);
        return !(
          result.ok &&
          result.region === region &&
          result.permit.value === value &&
          result.permit.adminCode === adminCode &&
          result.permit.year === year &&
          Number(result.permit.serial) === serial
        );
      });
      expect(mismatches).toEqual([]);
    });

    it('refuses every other check character', () => {
      const accepted: string[] = [];
      for (const { value } of numbers) {
        for (const ch of CHECK_CHARS) {
          if (ch === value[18]) continue;
          const wrong = withCharAt(value, 18, ch);
          if (outcome(parsePermitNumber(wrong)) !== 'INVALID_PERMIT_NUMBER') accepted.push(wrong);
        }
      }
      expect(accepted).toEqual([]);
    });

    it('detects every single-digit substitution in the first 18 characters', () => {
      const accepted: string[] = [];
      for (const { value } of numbers) {
        for (let i = 0; i < 18; i++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === value[i]) continue;
            const changed = withCharAt(value, i, String(d));
            if (outcome(parsePermitNumber(changed)) !== 'INVALID_PERMIT_NUMBER') accepted.push(`${value} → ${changed}`);
          }
        }
      }
      expect(accepted).toEqual([]);
    });
  });

  it('answers UNKNOWN_ISSUER for 1,000 seeded well-formed numbers under unconnected codes', () => {
    const random = seededRandom(2260);
    const unconnected = ['110101', '120101', '320100', '320200', '330200', '330300', '350100', '440305', '500101'];
    const wrong: string[] = [];
    for (let n = 0; n < 1_000; n++) {
      const adminCode = unconnected[n % unconnected.length] as string;
      const value = formatPermitNumber(adminCode, randomInt(random, 2000, 2099), randomInt(random, 0, 99_999_999));
      const result = parsePermitNumber(value);
      if (result.ok || result.code !== 'UNKNOWN_ISSUER' || result.adminCode !== adminCode) wrong.push(value);
    }
    expect(wrong).toEqual([]);
  });
});

describe('formatPermitNumber', () => {
  it('appends the hand-checked check character', () => {
    expect(formatPermitNumber('310115', 2024, 12345)).toBe(SHANGHAI_PERMIT);
  });

  it('pads the serial to 8 digits', () => {
    expect(formatPermitNumber('340104', 2023, 1)).toBe('3401042023000000012');
  });

  it('builds the largest serial', () => {
    expect(parsePermitNumber(formatPermitNumber('310115', 2099, 99_999_999))).toMatchObject({
      ok: true,
      permit: { year: 2099, serial: '99999999' },
    });
  });

  it.each<[string, string, number, number]>([
    ['a 5-digit code', '31011', 2024, 1],
    ['a 7-digit code', '3101150', 2024, 1],
    ['a code with a letter', '31011A', 2024, 1],
    ['a short code made up by a long year', '3101', 152024, 1],
    ['a year before 2000', '310115', 1999, 1],
    ['a year after 2099', '310115', 2100, 1],
    ['a fractional year', '310115', 2024.5, 1],
    ['a negative serial', '310115', 2024, -1],
    ['a serial of 9 digits', '310115', 2024, 100_000_000],
    ['a fractional serial', '310115', 2024, 1.5],
    ['a NaN serial', '310115', 2024, Number.NaN],
  ])('throws a RangeError for %s', (_label, adminCode, year, serial) => {
    expect(() => formatPermitNumber(adminCode, year, serial)).toThrow(RangeError);
  });
});
