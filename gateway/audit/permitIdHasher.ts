import { createHmac } from 'node:crypto';

/** Shortest accepted HMAC key, bytes: the output size of SHA-256. */
export const MIN_HMAC_KEY_BYTES = 32;

/**
 * Returns the keyed hash the audit trail stores instead of a permit number:
 * HMAC-SHA256 under `key`, lower-case hex. Without the key nobody can test a guessed
 * permit number against the trail; with it, an auditor can find every record about one
 * permit. The check character is upper-cased first, as `parsePermitNumber` accepts `x`.
 * Throws `RangeError` for a key shorter than 32 bytes (a configuration error).
 */
export function permitIdHasher(key: string | Buffer): (permitId: string) => string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (keyBytes.length < MIN_HMAC_KEY_BYTES) {
    throw new RangeError(`the audit HMAC key must be at least ${MIN_HMAC_KEY_BYTES} bytes`);
  }
  return (permitId) => createHmac('sha256', keyBytes).update(permitId.toUpperCase(), 'utf8').digest('hex');
}
