import { createPrng } from '../prng';

const draw = (seed: string, n = 8) => {
  const prng = createPrng(seed);
  return Array.from({ length: n }, () => prng.next());
};

describe('createPrng', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw('yrd-2026')).toEqual(draw('yrd-2026'));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw('yrd-2026')).not.toEqual(draw('yrd-2027'));
  });

  it('pins the first outputs, so a change of algorithm cannot pass unnoticed', () => {
    const prng = createPrng('yrd-2026');
    expect(Array.from({ length: 4 }, () => prng.int(0, 999_999))).toEqual([262549, 263310, 714862, 313058]);
  });

  it('draws integers within both bounds, each bound reached', () => {
    const prng = createPrng('bounds');
    const seen = new Set(Array.from({ length: 2000 }, () => prng.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => prng.int(2, 1)).toThrow(RangeError);
  });

  it('picks by weight and never an item of weight 0', () => {
    const prng = createPrng('weights');
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[prng.pickWeighted([['a', 1], ['b', 3], ['c', 0]] as const)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createPrng('shuffle').shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
