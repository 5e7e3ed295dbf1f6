import { createHmac } from 'node:crypto';
import { permitIdHasher } from '../permitIdHasher';

const KEY = 'k'.repeat(32);

describe('permitIdHasher', () => {
  it('is HMAC-SHA256 of the permit number under the key, hex', () => {
    const id = '31011520240000001X';
    expect(permitIdHasher(KEY)(id)).toBe(createHmac('sha256', KEY).update(id).digest('hex'));
  });

  it('hashes a lower-case check character like the upper-case one', () => {
    expect(permitIdHasher(KEY)('31011520240000001x')).toBe(permitIdHasher(KEY)('31011520240000001X'));
  });

  it('gives another hash under another key', () => {
    expect(permitIdHasher('j'.repeat(32))('x')).not.toBe(permitIdHasher(KEY)('x'));
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => permitIdHasher('k'.repeat(31))).toThrow(RangeError);
  });
});
