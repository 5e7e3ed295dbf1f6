import type { Region } from './regions';

/** One issuer signing key in the YRD trust registry (docs/domain.md: tamper evidence). */
export interface TrustedKey {
  keyId: string;
  region: Region;
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** ISO dates: a record signed under a key outside its validity is not verifiable. */
  validFrom: string;
  validUntil: string;
}
