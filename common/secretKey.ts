import { DEFAULTS } from './defaults';

/** Least length of a secret key, bytes (UTF-8 of the value as given). */
export const MIN_SECRET_KEY_BYTES = 32;

/** Least estimated strength of a secret key, bits. */
export const MIN_SECRET_KEY_BITS = 128;

/**
 * Keys published in this repository: development defaults, never secret, so never a
 * production key whatever their length.
 */
const PUBLISHED_KEYS: readonly string[] = [
  DEFAULTS.developmentAuditHmacKey,
  DEFAULTS.developmentAuditChainKey,
  DEFAULTS.developmentCacheEncryptionKey,
  DEFAULTS.developmentOnlyGatewayPrivateKey,
];

/** The length of the shortest prefix whose repetition spells `chars` (`abcabcab` → 3). */
function repeatingUnit(chars: readonly string[]): number {
  for (let unit = 1; unit < chars.length; unit++) {
    let repeats = true;
    for (let i = unit; i < chars.length && repeats; i++) repeats = chars[i] === chars[i % unit];
    if (repeats) return unit;
  }
  return chars.length;
}

/**
 * A deliberately simple estimate of a key's strength, in bits: the length of its
 * shortest repeating unit times log2 of the distinct characters in that unit. A key of
 * 32 random bytes passes with room to spare (`openssl rand -base64 32`: 44 characters of
 * ~30 distinct, ~215 bits; `openssl rand -hex 32`: 64 of 16, 256 bits); one character
 * repeated (0 bits) or a word repeated to length (`password123password123…`:
 * 11 × log2 10 ≈ 37 bits) fails. It under-counts short random keys (16 random bytes in
 * hex rarely show all 16 digits) and cannot see a long non-repeating phrase: a floor
 * against mistakes, not a proof of randomness. Generate keys, never type them.
 */
export function estimatedKeyBits(value: string): number {
  // Code points, so a key of CJK characters is measured by its characters.
  const chars = [...value];
  const unit = chars.slice(0, repeatingUnit(chars));
  const distinct = new Set(unit).size;
  return distinct <= 1 ? 0 : unit.length * Math.log2(distinct);
}

/**
 * Why `value` may not be a production secret key, or `null` when it may. The rule, the
 * same for every secret key variable: at least 32 bytes, not a key published in this
 * repository (the development defaults), and at least 128 bits by `estimatedKeyBits`.
 */
export function secretKeyWeakness(value: string): string | null {
  if (PUBLISHED_KEYS.includes(value)) return 'is a published development key; generate one, e.g. openssl rand -base64 32';
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_KEY_BYTES) return `must be at least ${MIN_SECRET_KEY_BYTES} bytes (has ${bytes})`;
  const bits = estimatedKeyBits(value);
  if (bits < MIN_SECRET_KEY_BITS) {
    return `is too guessable (about ${Math.floor(bits)} bits, at least ${MIN_SECRET_KEY_BITS} needed: a repeated pattern or few distinct characters); generate one, e.g. openssl rand -base64 32`;
  }
  return null;
}
