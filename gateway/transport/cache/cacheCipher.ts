import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption and key naming of the Redis entity cache under one deployment key
 * (`CACHE_ENCRYPTION_KEY`), so Redis, its backups and anyone who can `GET` from it hold
 * neither the masked personal data nor the permit numbers they were fetched for.
 */
export interface CacheCipher {
  /**
   * The name under which a logical cache key is stored: its HMAC-SHA256, base64url.
   * Without the deployment key, no one can test a permit number against the names.
   */
  keyName(key: string): string;
  /** AES-256-GCM of `plaintext`, bound to `keyName` (the additional data). */
  seal(plaintext: string, keyName: string): Buffer;
  /**
   * The plaintext of a sealed value, or `null` when it does not open: another key, a
   * value moved under another name, a truncated or altered value, an older format.
   */
  open(sealed: Buffer, keyName: string): string | null;
}

/** First byte of every sealed value; another byte is an unknown format (a miss). */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A cipher from the deployment key. Two independent 256-bit keys are derived from it with
 * HKDF-SHA256, one to encrypt and one to name entries, so neither use weakens the other.
 */
export function createCacheCipher(secret: string): CacheCipher {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, '', `yrd-interop-gateway/entity-cache/${info}`, 32));
  const encryptionKey = derive('aes-256-gcm');
  const namingKey = derive('key-name');
  return {
    keyName: (key) => createHmac('sha256', namingKey).update(key).digest('base64url'),
    seal(plaintext, keyName) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(keyName));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, keyName) {
      if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) return null;
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(keyName));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
