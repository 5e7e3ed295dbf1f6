import { DEFAULTS } from '../defaults';
import { estimatedKeyBits, secretKeyWeakness } from '../secretKey';

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

  it('refuses a key shorter than 32 bytes', () => {
    expect(secretKeyWeakness('q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9De')).toMatch(/at least 32 bytes \(has 31\)/);
  });

  it.each([
    ['one character repeated', 'a'.repeat(64)],
    ['a word repeated', 'password123'.repeat(4)],
    ['a short pattern repeated', 'abcd'.repeat(16)],
    ['few distinct characters', '0101101001011010010110100101101001'],
    ['a padded word', 'passwordpasswordpassword12345678'],
  ])('refuses a guessable key: %s', (_what, key) => {
    expect(secretKeyWeakness(key)).toMatch(/too guessable/);
  });
});

describe('estimatedKeyBits', () => {
  it('counts the repeating unit times log2 of its distinct characters', () => {
    expect(estimatedKeyBits('a'.repeat(40))).toBe(0);
    expect(estimatedKeyBits('abab')).toBe(2);
    expect(estimatedKeyBits('abcdefghijklmnop')).toBe(16 * 4);
    expect(estimatedKeyBits('abcdefghijklmnop'.repeat(3))).toBe(16 * 4);
  });
});
