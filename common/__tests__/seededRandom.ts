/**
 * Seeded PRNG (mulberry32) for generated test inputs: the same values on every run, so a
 * failure repeats exactly. Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string of `length` seeded random decimal digits. */
export function randomDigits(random: () => number, length: number): string {
  return Array.from({ length }, () => String(Math.floor(random() * 10))).join('');
}

/** A seeded random integer in [min, max]. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
