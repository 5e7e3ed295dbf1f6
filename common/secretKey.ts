import { DEFAULTS } from './defaults';

/** Least length of a secret key, bytes (UTF-8 of the value as given). */
export const MIN_SECRET_KEY_BYTES = 32;

/** Least estimated strength of a secret key, bits. */
export const MIN_SECRET_KEY_BITS = 128;

/**
 * Most edits (one character added, removed or changed) by which a key may differ from a
 * published value and still count as that value. Each edit of a published value adds
 * at most about 14 bits for an attacker to guess (which of ~64 positions: 6 bits; which
 * of ~95 printable characters: 6.6 bits; add, remove or change: 1.6 bits), so a key
 * within 8 edits has at most ~113 new bits, under MIN_SECRET_KEY_BITS. A generated key
 * is some 40 edits from any other value, so the bound never touches one.
 */
export const MAX_EDITS_FROM_PUBLISHED = 8;

/**
 * Values published in this repository — development defaults, the placeholders of
 * .env.example, the public half of each development key pair — never secret, so never a
 * production secret, nor anything a few edits from one.
 */
const PUBLISHED_VALUES: readonly string[] = [
  DEFAULTS.developmentAuditHmacKey,
  DEFAULTS.developmentAuditChainKey,
  DEFAULTS.developmentCacheEncryptionKey,
  DEFAULTS.developmentOnlyGatewayPrivateKey,
  DEFAULTS.developmentOnlyGatewayPublicKey,
  DEFAULTS.developmentOnlyAuditSigningKey,
  DEFAULTS.developmentOnlyAuditPublicKey,
  DEFAULTS.developmentOnlyAppClientToken,
  'replace-with-the-output-of-openssl-rand-base64-32',
  'replace-with-the-output-of-openssl-rand-base64-48',
  'replace-with-a-random-secret-of-32-or-more-characters',
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

/** Rows of a US keyboard, unshifted: neighbours on a row are a typed run (`qwer`, `asdf`, `1234`). */
const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./'];

/**
 * Whether typing `next` after `previous` is a step of a typed run rather than a choice:
 * the same key again, the letter or digit before or after it (`abc`, `cba`, `789`), or
 * its neighbour on a keyboard row (`qwe`, `lkj`), ignoring case. A random character is
 * such a step about one time in eight, so a generated key loses little to this; a key
 * run off the alphabet or the keyboard is nearly all steps.
 */
export function isTypedStep(previous: string, next: string): boolean {
  const a = previous.toLowerCase();
  const b = next.toLowerCase();
  if (a === b) return true;
  const sameClass = (/^[a-z]$/.test(a) && /^[a-z]$/.test(b)) || (/^[0-9]$/.test(a) && /^[0-9]$/.test(b));
  if (sameClass && Math.abs(a.charCodeAt(0) - b.charCodeAt(0)) === 1) return true;
  return KEYBOARD_ROWS.some((row) => {
    const i = row.indexOf(a);
    const j = row.indexOf(b);
    return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
  });
}

/**
 * A deliberately simple estimate of a key's strength, in bits: in its shortest repeating
 * unit, the characters that are not a typed step from the one before (`isTypedStep`),
 * times log2 of the distinct characters in the unit. A key of 32 random bytes passes
 * with room to spare (`openssl rand -base64 32`: 44 characters, ~38 of them choices, of
 * ~30 distinct, ~185 bits; `openssl rand -hex 32`: ~48 choices of 16, ~190 bits); one
 * character repeated (0 bits), a word repeated to length (`password123password123…`:
 * 8 choices × log2 10 ≈ 27 bits) or a run off the alphabet or the keyboard
 * (`abcdefghijklmnopqrstuvwxyz012345`: 2 choices, ~10 bits) fails. It under-counts short
 * random keys and cannot see a long phrase of words: a floor against mistakes, not a
 * proof of randomness. Generate keys, never type them.
 */
export function estimatedKeyBits(value: string): number {
  // Code points, so a key of CJK characters is measured by its characters.
  const chars = [...value];
  const unit = chars.slice(0, repeatingUnit(chars));
  const distinct = new Set(unit).size;
  if (distinct <= 1) return 0;
  const choices = unit.filter((c, i) => i === 0 || !isTypedStep(unit[i - 1] as string, c)).length;
  return choices * Math.log2(distinct);
}

/**
 * The Levenshtein distance of `a` and `b` (characters added, removed or changed), or
 * `limit + 1` as soon as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const d = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[y.length] as number;
}

const near = (a: string, b: string) => editDistance(a, b, MAX_EDITS_FROM_PUBLISHED) <= MAX_EDITS_FROM_PUBLISHED;

/**
 * Why `value` may not be a production secret, or `null` when it may. The rule, the same
 * for every secret (keys, seeds, tokens): at least 32 bytes, not within
 * MAX_EDITS_FROM_PUBLISHED edits of a value published in this repository, and at least
 * 128 bits by `estimatedKeyBits` (no repeated pattern, no typed run).
 */
export function secretKeyWeakness(value: string): string | null {
  if (PUBLISHED_VALUES.includes(value)) return 'is a published development key; generate one, e.g. openssl rand -base64 32';
  if (PUBLISHED_VALUES.some((published) => near(value, published))) {
    return `is within ${MAX_EDITS_FROM_PUBLISHED} edits of a published development value; generate one, e.g. openssl rand -base64 32`;
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_KEY_BYTES) return `must be at least ${MIN_SECRET_KEY_BYTES} bytes (has ${bytes})`;
  const bits = estimatedKeyBits(value);
  if (bits < MIN_SECRET_KEY_BITS) {
    return `is too guessable (about ${Math.floor(bits)} bits, at least ${MIN_SECRET_KEY_BITS} needed: a repeated pattern, a typed run or few distinct characters); generate one, e.g. openssl rand -base64 32`;
  }
  return null;
}

/**
 * Each secret that is another's, as `[variable, message]`: a key equal to (or within
 * MAX_EDITS_FROM_PUBLISHED edits of) another role's key is that key, and one leak would
 * open both. Unset variables are skipped.
 */
export function sharedSecretsProblems(secrets: Readonly<Record<string, string | undefined>>): Array<[string, string]> {
  const set = Object.entries(secrets).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return set.flatMap(([variable, value], i): Array<[string, string]> => {
    const twin = set.slice(0, i).find(([, other]) => near(value, other));
    return twin ? [[variable, `is (nearly) the same as ${twin[0]}; each secret needs a key of its own`]] : [];
  });
}

/**
 * Every problem of a service's production secrets, as `[variable, message]`: each set
 * one against `secretKeyWeakness`, then each pair of roles (`sharedSecretsProblems`).
 * Unset variables are skipped (required is the caller's rule).
 */
export function secretKeysProblems(secrets: Readonly<Record<string, string | undefined>>): Array<[string, string]> {
  const weak = Object.entries(secrets).flatMap(([variable, value]): Array<[string, string]> => {
    const weakness = value ? secretKeyWeakness(value) : null;
    return weakness ? [[variable, weakness]] : [];
  });
  return [...weak, ...sharedSecretsProblems(secrets)];
}
