import { DEFAULTS } from '../defaults';
import { estimatedKeyBits, isTypedStep, secretKeyWeakness, secretKeysProblems } from '../secretKey';

describe('secretKeyWeakness', () => {
  it.each([
    ['`openssl rand -base64 32`', 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw='],
    ['`openssl rand -hex 32`', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['`openssl rand -base64 48`', 'Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE0oIi5KjTlUyVrWqXzPbCnMhAeFgDsS1x'],
  ])('accepts a generated key: %s', (_how, key) => {
    expect(secretKeyWeakness(key)).toBeNull();
  });

  it('refuses the published development keys, whatever their length', () => {
    expect(secretKeyWeakness(DEFAULTS.developmentAuditHmacKey)).toMatch(/published development key/);
    expect(secretKeyWeakness(DEFAULTS.developmentCacheEncryptionKey)).toMatch(/published development key/);
  });

  it.each([
    ['one character added', `${DEFAULTS.developmentAuditChainKey}x`],
    ['one character removed', DEFAULTS.developmentCacheEncryptionKey.slice(1)],
    ['one character changed', `X${DEFAULTS.developmentAuditHmacKey.slice(1)}`],
    ['a few characters added to the app token', `${DEFAULTS.developmentOnlyAppClientToken}-2026`],
    ['the audit signing seed with one character changed', `${DEFAULTS.developmentOnlyAuditSigningKey.slice(0, -1)}A`],
  ])('refuses a published development value with %s', (_what, key) => {
    expect(secretKeyWeakness(key)).toMatch(/published development/);
  });

  it('refuses the published development seeds and tokens', () => {
    expect(secretKeyWeakness(DEFAULTS.developmentOnlyAuditSigningKey)).toMatch(/published development key/);
    expect(secretKeyWeakness(DEFAULTS.developmentOnlyGatewayPrivateKey)).toMatch(/published development key/);
    expect(secretKeyWeakness(DEFAULTS.developmentOnlyAppClientToken)).toMatch(/published development key/);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(secretKeyWeakness('q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9De')).toMatch(/at least 32 bytes \(has 31\)/);
  });

  it.each([
    ['one character repeated', 'a'.repeat(64)],
    ['a word repeated', 'password123'.repeat(4)],
    ['a short pattern repeated', 'abcd'.repeat(16)],
    ['few distinct characters', '0101101001011010010110100101101001'],
    ['a padded word', 'passwordpasswordpassword12345678'],
    ['the alphabet and the digits', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['the keyboard, row by row', 'qwertyuiopasdfghjklzxcvbnm123456'],
    ['the alphabet backwards, in capitals', 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210'],
    ['32 × a (an app token)', 'a'.repeat(32)],
    ['a zero Ed25519 seed in base64url', Buffer.alloc(32).toString('base64url')],
  ])('refuses a guessable key: %s', (_what, key) => {
    expect(secretKeyWeakness(key)).toMatch(/too guessable/);
  });
});

describe('estimatedKeyBits', () => {
  it('counts the choices of the repeating unit (no typed steps) times log2 of its distinct characters', () => {
    expect(estimatedKeyBits('a'.repeat(40))).toBe(0);
    expect(estimatedKeyBits('axax')).toBe(2);
    expect(estimatedKeyBits('apbtcudkemfqgshz')).toBe(16 * 4);
    expect(estimatedKeyBits('apbtcudkemfqgshz'.repeat(3))).toBe(16 * 4);
    // A run off the alphabet is one choice, however long.
    expect(estimatedKeyBits('abcdefghijklmnop')).toBe(4);
  });
});

describe('isTypedStep', () => {
  it('takes the same key, the next or previous letter or digit, and a keyboard neighbour as steps', () => {
    expect(['aa', 'ab', 'ba', 'Bc', '90', 'qw', 'lk', '0-', 'm,'].every(([a, b]) => isTypedStep(a!, b!))).toBe(true);
    expect(['ac', 'az', '19', 'qa', 'a1', 'x+'].some(([a, b]) => isTypedStep(a!, b!))).toBe(false);
  });
});

describe('secretKeysProblems', () => {
  const one = 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=';
  const other = 'Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE0oIi5KjTlUyVrWqXzPbCnMhAeFgDsS1x';

  it('accepts two generated keys in two roles and skips unset ones', () => {
    expect(secretKeysProblems({ AUDIT_HMAC_KEY: one, AUDIT_CHAIN_KEY: other, CACHE_ENCRYPTION_KEY: undefined })).toEqual([]);
  });

  it('refuses one key in two roles, or one a character away, naming both variables', () => {
    expect(secretKeysProblems({ AUDIT_HMAC_KEY: one, AUDIT_CHAIN_KEY: one })).toEqual([
      ['AUDIT_CHAIN_KEY', expect.stringMatching(/same as AUDIT_HMAC_KEY/)],
    ]);
    expect(secretKeysProblems({ AUDIT_HMAC_KEY: one, CACHE_ENCRYPTION_KEY: `${one}!` })).toEqual([
      ['CACHE_ENCRYPTION_KEY', expect.stringMatching(/same as AUDIT_HMAC_KEY/)],
    ]);
  });

  it('reports each weak key by its variable', () => {
    expect(secretKeysProblems({ APP_CLIENT_TOKEN: 'a'.repeat(32), MOCK_DEMO_SECRET: one })).toEqual([
      ['APP_CLIENT_TOKEN', expect.stringMatching(/too guessable/)],
    ]);
  });
});
