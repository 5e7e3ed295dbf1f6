import { mod11_2CheckChar } from '../checkChar';
import { randomDigits, seededRandom } from './seededRandom';

// The defining ISO 7064 MOD 11-2 property, computed independently of the implementation:
// with the check character at position 1 (X = 10), sum of a_i * 2^(i-1) ≡ 1 (mod 11).
function satisfiesIso7064(bodyAndCheck: string): boolean {
  let sum = 0;
  let weight = 1;
  for (let i = bodyAndCheck.length - 1; i >= 0; i--) {
    const ch = bodyAndCheck[i];
    sum += (ch === 'X' ? 10 : Number(ch)) * weight;
    weight = (weight * 2) % 11;
  }
  return sum % 11 === 1;
}

const BODY_COUNT = 10_000;
// The 10,000-number sweep through parsePermitNumber lives in permitNumber.test.ts; here a
// smaller one keeps the suite quick while still covering every position and digit pair.
const SWEEP_COUNT = 2_000;

describe('mod11_2CheckChar', () => {
  it('gives X for the GB 11643 standard example 11010519491231002X', () => {
    // Weights 2^(18-i) mod 11 for i = 1..17:   7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // Digits:                                  1 1  0 1 0 5 1 9 4 9 1 2  3 1 0 0 2
    // Products: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2;
    // check = (12 - 2) mod 11 = 10, written X.
    expect(mod11_2CheckChar('11010519491231002')).toBe('X');
  });

  it('gives 2 for the 18-digit permit body 310115 2024 00012345', () => {
    // Weights for 18 digits: 3 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // Digits:                3 1 0  1 1 5 2 0 2 4 0 0 0  1 2 3 4 5
    // Products: 9+7+0+10+5+40+8+0+2+24+0+0+0+10+10+24+16+10 = 175; 175 mod 11 = 10;
    // check = (12 - 10) mod 11 = 2.
    expect(mod11_2CheckChar('310115202400012345')).toBe('2');
  });

  it('gives 1 for all zeros, since the weighted sum is 0', () => {
    expect(mod11_2CheckChar('00000000000000000')).toBe('1');
  });

  it.each(['', 'X', '1234567890123456X', '12345 67890', '-123', '1.5', '１２３', '١٢٣'])(
    'throws a TypeError for the non-digit input %j',
    (input) => {
      expect(() => mod11_2CheckChar(input)).toThrow(TypeError);
    },
  );

  it('satisfies the ISO 7064 MOD 11-2 congruence for 10,000 seeded 17- and 18-digit bodies', () => {
    const random = seededRandom(7064);
    const failures: string[] = [];
    for (let n = 0; n < BODY_COUNT; n++) {
      const body = randomDigits(random, n % 2 === 0 ? 17 : 18);
      const full = body + mod11_2CheckChar(body);
      if (!/^\d+[0-9X]$/.test(full) || !satisfiesIso7064(full)) failures.push(full);
    }
    expect(failures).toEqual([]);
  });

  it('changes whenever any single digit of a body is substituted (2,000 seeded bodies)', () => {
    const random = seededRandom(11);
    const undetected: string[] = [];
    for (let n = 0; n < SWEEP_COUNT; n++) {
      const body = randomDigits(random, 18);
      const check = mod11_2CheckChar(body);
      for (let i = 0; i < body.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === body[i]) continue;
          const changed = body.slice(0, i) + d + body.slice(i + 1);
          if (mod11_2CheckChar(changed) === check) undetected.push(`${body} → ${changed}`);
        }
      }
    }
    expect(undetected).toEqual([]);
  });

  it('changes whenever two different adjacent digits are swapped (2,000 seeded bodies)', () => {
    const random = seededRandom(2);
    const undetected: string[] = [];
    for (let n = 0; n < SWEEP_COUNT; n++) {
      const body = randomDigits(random, 18);
      const check = mod11_2CheckChar(body);
      for (let i = 0; i + 1 < body.length; i++) {
        if (body[i] === body[i + 1]) continue;
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        if (mod11_2CheckChar(swapped) === check) undetected.push(`${body} → ${swapped}`);
      }
    }
    expect(undetected).toEqual([]);
  });

  it('produces each of the eleven check characters 0-9 and X', () => {
    const random = seededRandom(3);
    const seen = new Set<string>();
    for (let n = 0; n < 1_000; n++) seen.add(mod11_2CheckChar(randomDigits(random, 17)));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});
