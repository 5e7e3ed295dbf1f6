import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { PermitRecord, PermitSignature } from './permit';

// PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 key pair made from a 32-byte seed, so mock keys repeat exactly. */
export function ed25519FromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The exact fields a signature covers: the common record, nothing else. */
export function signedPayload(record: PermitRecord): string {
  const {
    id, issuer, issuingAuthorityCode, status, validFrom, validUntil, residentSince,
    holder, dependants, residence, socialInsurance, medicalInsurance, providentFund,
  } = record;
  return canonicalJson({
    id, issuer, issuingAuthorityCode, status, validFrom, validUntil, residentSince,
    holder: { name: holder.name, idNumber: holder.idNumber, birthDate: holder.birthDate },
    dependants: dependants.map((d) => ({ name: d.name, birthDate: d.birthDate })),
    residence: { districtCode: residence.districtCode, address: residence.address },
    socialInsurance: {
      contributionMonths: socialInsurance.contributionMonths,
      lastContributionMonth: socialInsurance.lastContributionMonth,
    },
    medicalInsurance: { status: medicalInsurance.status },
    providentFund: { status: providentFund.status, contributionMonths: providentFund.contributionMonths },
  });
}

/** Signs a record with the issuer's key. */
export function signPermit(record: PermitRecord, keyId: string, privateKey: KeyObject): PermitSignature {
  const value = sign(null, Buffer.from(signedPayload(record)), privateKey).toString('base64url');
  return { algorithm: 'Ed25519', keyId, value };
}

/** True when `signature` is a valid Ed25519 signature of the record under `publicKey`. */
export function verifyPermit(record: PermitRecord, signature: PermitSignature, publicKey: KeyObject): boolean {
  try {
    // Node's base64url decoder skips stray characters and ignores the unused low bits of
    // the last one, so several strings decode to the same 64 bytes; only the one
    // canonical spelling is accepted, so a signature value cannot be altered and still pass.
    const bytes = Buffer.from(signature.value, 'base64url');
    if (bytes.length !== 64 || bytes.toString('base64url') !== signature.value) return false;
    return verify(null, Buffer.from(signedPayload(record)), publicKey, bytes);
  } catch {
    return false; // malformed key or signature bytes: not valid, never a crash
  }
}

/** Public key as base64url of its 32 raw bytes, the form the trust registry stores. */
export function exportRawPublicKey(publicKey: KeyObject): string {
  // An EC or X25519 key has a JWK `x` too; checking the type keeps it out of the registry.
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('not an Ed25519 public key');
  }
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) throw new TypeError('not an Ed25519 public key');
  return jwk.x;
}

/** Imports a base64url raw Ed25519 public key. */
export function importRawPublicKey(x: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}
