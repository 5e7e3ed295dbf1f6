import { createCacheCipher } from '../cacheCipher';

const KEY = 'test-cache-key-Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE';

describe('createCacheCipher', () => {
  const cipher = createCacheCipher(KEY);

  it('opens what it sealed under the same name', () => {
    const sealed = cipher.seal('{"id":"3101152022000001018"}', 'yrd:entity:n1');
    expect(cipher.open(sealed, 'yrd:entity:n1')).toBe('{"id":"3101152022000001018"}');
  });

  it('seals the same text differently each time (a fresh IV)', () => {
    expect(cipher.seal('same', 'n').equals(cipher.seal('same', 'n'))).toBe(false);
  });

  it('opens nothing under another name, another key, altered or truncated', () => {
    const sealed = cipher.seal('secret', 'n1');
    expect(cipher.open(sealed, 'n2')).toBeNull();
    expect(createCacheCipher(`${KEY}x`).open(sealed, 'n1')).toBeNull();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(cipher.open(altered, 'n1')).toBeNull();
    expect(cipher.open(sealed.subarray(0, 20), 'n1')).toBeNull();
    expect(cipher.open(Buffer.from('{"data":{}}'), 'n1')).toBeNull();
  });

  it('names keys by a keyed hash that depends on the deployment key', () => {
    const name = cipher.keyName('shanghai:3101152022000001018');
    expect(name).toMatch(/^[\w-]{43}$/);
    expect(name).not.toContain('3101152022000001018');
    expect(cipher.keyName('shanghai:3101152022000001018')).toBe(name);
    expect(createCacheCipher(`${KEY}x`).keyName('shanghai:3101152022000001018')).not.toBe(name);
  });
});
