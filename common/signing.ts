import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { PermitDisclosures, PermitRecord, PermitSignature } from './permit';

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

// ---------------------------------------------------------------------------------
// The signed permit: an SD-JWT (IETF draft-ietf-oauth-selective-disclosure-jwt).
// The issuer signs the public fields in the clear and every personal field as a salted
// SHA-256 digest; each personal field travels as a separate disclosure, so a verifier
// can check what it was given and learns nothing of the fields it was not given.
// docs/selective-disclosure.md is the format's reference.
// ---------------------------------------------------------------------------------

/** A personal field of the record, released on its own as one disclosure. */
export type DisclosureName = keyof PermitDisclosures;

/** Where each disclosure's value sits in the record: a top-level field or a nested one. */
export const DISCLOSURE_PATHS: Readonly<Record<DisclosureName, readonly [keyof PermitRecord] | readonly ['holder' | 'residence', string]>> = {
  holderName: ['holder', 'name'],
  holderIdNumber: ['holder', 'idNumber'],
  holderBirthDate: ['holder', 'birthDate'],
  dependants: ['dependants'],
  residenceDistrictCode: ['residence', 'districtCode'],
  residenceAddress: ['residence', 'address'],
  socialInsurance: ['socialInsurance'],
  medicalInsurance: ['medicalInsurance'],
  providentFund: ['providentFund'],
};

export const DISCLOSURE_NAMES = Object.keys(DISCLOSURE_PATHS) as DisclosureName[];

/** `typ` of the issuer-signed JWT's header. */
export const PERMIT_SD_JWT_TYPE = 'yrd-permit+sd-jwt';

/** The fields every verifier sees in the clear (every purpose may see them). */
const PUBLIC_FIELDS = ['id', 'issuer', 'issuingAuthorityCode', 'status', 'validFrom', 'validUntil', 'residentSince'] as const;

/** Bytes of fresh randomness in each disclosure's salt (SD-JWT asks for at least 128 bits). */
const SALT_BYTES = 16;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const digestOf = (disclosure: string) => createHash('sha256').update(disclosure, 'ascii').digest('base64url');

function valueAt(record: PermitRecord, name: DisclosureName): unknown {
  const path = DISCLOSURE_PATHS[name];
  const top = record[path[0]] as unknown;
  return path.length === 1 ? top : (top as Record<string, unknown>)[path[1]];
}

/** One disclosure: base64url of the JSON array `[salt, claim name, value]`. */
export function makeDisclosure(name: DisclosureName, value: unknown, salt = randomBytes(SALT_BYTES).toString('base64url')): string {
  const path = DISCLOSURE_PATHS[name];
  return b64url([salt, path[path.length - 1], value]);
}

export interface SignPermitOptions {
  /** The signing instant, epoch seconds (the JWT's `iat`). */
  signedAt: number;
  /** Salt of each disclosure; default: 128 fresh random bits each. Tests pass fixed salts to repeat exactly. */
  salt?: (name: DisclosureName) => string;
}

/**
 * Signs a record with the issuer's key: an SD-JWT whose issuer-signed part holds the
 * public fields and one salted digest per personal field, with every disclosure beside it.
 */
export function signPermit(record: PermitRecord, keyId: string, privateKey: KeyObject, options: SignPermitOptions): PermitSignature {
  // One call to the random generator per record: it costs more than the rest of signing.
  const random = options.salt ? undefined : randomBytes(SALT_BYTES * DISCLOSURE_NAMES.length);
  const saltOf = (name: DisclosureName, i: number) =>
    options.salt?.(name) ?? (random as Buffer).subarray(i * SALT_BYTES, (i + 1) * SALT_BYTES).toString('base64url');
  const disclosures = Object.fromEntries(
    DISCLOSURE_NAMES.map((name, i) => [name, makeDisclosure(name, valueAt(record, name), saltOf(name, i))]),
  ) as unknown as PermitDisclosures;
  const digests = (parent: string | undefined) =>
    DISCLOSURE_NAMES.filter((name) => (DISCLOSURE_PATHS[name].length === 2 ? DISCLOSURE_PATHS[name][0] : undefined) === parent)
      .map((name) => digestOf(disclosures[name]))
      // Sorted, so the order of the digests tells nothing about which field is which.
      .sort();
  const payload = {
    _sd_alg: 'sha-256',
    iat: options.signedAt,
    ...Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, record[f]])),
    holder: { _sd: digests('holder') },
    residence: { _sd: digests('residence') },
    _sd: digests(undefined),
  };
  const signingInput = `${b64url({ alg: 'EdDSA', kid: keyId, typ: PERMIT_SD_JWT_TYPE })}.${b64url(payload)}`;
  const value = sign(null, Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url');
  return {
    algorithm: 'EdDSA',
    keyId,
    signedAt: new Date(options.signedAt * 1000).toISOString(),
    issuerSigned: `${signingInput}.${value}`,
    disclosures,
  };
}

/**
 * True when `jws` is a compact JWS whose Ed25519 signature verifies under `publicKey`.
 * The caller remembers the answer: it is the costly step of opening a signed record.
 */
export function verifyIssuerSigned(jws: string, publicKey: KeyObject): boolean {
  try {
    const parts = jws.split('.');
    if (parts.length !== 3) return false;
    // Node's base64url decoder skips stray characters and ignores the unused low bits of
    // the last one, so several strings decode to the same 64 bytes; only the one
    // canonical spelling is accepted, so a signature value cannot be altered and still pass.
    const bytes = Buffer.from(parts[2] ?? '', 'base64url');
    if (bytes.length !== 64 || bytes.toString('base64url') !== parts[2]) return false;
    return verify(null, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), publicKey, bytes);
  } catch {
    return false; // malformed key or signature bytes: not valid, never a crash
  }
}

/** A signed record opened and checked: the record exactly as the issuer signed it. */
export type OpenedPermit =
  | { ok: true; record: PermitRecord; keyId: string; signedAt: number }
  | { ok: false; problem: string; signedAt?: number };

function decodeJson(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Opens a signed record: checks the JWS header (EdDSA, the key id named beside it), the
 * signature (through `verifyJws`), and that every disclosure's digest is in the signed
 * part under the right parent and names the right field; then rebuilds the record from
 * the signed public fields and the disclosed values. Never throws.
 */
export function openPermitSignature(signature: PermitSignature, verifyJws: (jws: string) => boolean): OpenedPermit {
  try {
    const [headerPart = '', payloadPart = ''] = signature.issuerSigned.split('.');
    const header = decodeJson(headerPart);
    if (!isObject(header) || header.alg !== 'EdDSA' || header.typ !== PERMIT_SD_JWT_TYPE) {
      return { ok: false, problem: `header ${JSON.stringify(header)}` };
    }
    if (header.kid !== signature.keyId) return { ok: false, problem: `key id ${String(header.kid)} signed, ${signature.keyId} named` };
    if (!verifyJws(signature.issuerSigned)) return { ok: false, problem: `signature does not verify under key ${signature.keyId}` };
    const payload = decodeJson(payloadPart);
    if (!isObject(payload) || payload._sd_alg !== 'sha-256' || typeof payload.iat !== 'number') {
      return { ok: false, problem: 'signed part is not a permit SD-JWT' };
    }
    const signedAt = payload.iat;
    const record: Record<string, unknown> = Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, payload[f]]));
    record.holder = {};
    record.residence = {};
    for (const name of DISCLOSURE_NAMES) {
      const disclosure = signature.disclosures?.[name];
      if (typeof disclosure !== 'string') return { ok: false, problem: `disclosure ${name} missing`, signedAt };
      const path = DISCLOSURE_PATHS[name];
      const parent = path.length === 2 ? payload[path[0]] : payload;
      const digests = isObject(parent) ? parent._sd : undefined;
      if (!Array.isArray(digests) || !digests.includes(digestOf(disclosure))) {
        return { ok: false, problem: `disclosure ${name} is not signed`, signedAt };
      }
      const decoded = decodeJson(disclosure);
      const claim = path[path.length - 1] as string;
      if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== 'string' || decoded[1] !== claim) {
        return { ok: false, problem: `disclosure ${name} does not disclose ${claim}`, signedAt };
      }
      if (path.length === 1) record[claim] = decoded[2];
      else (record[path[0]] as Record<string, unknown>)[claim] = decoded[2];
    }
    return { ok: true, record: record as unknown as PermitRecord, keyId: signature.keyId, signedAt };
  } catch {
    return { ok: false, problem: 'signed record is not well-formed' };
  }
}

/**
 * The signed fields of a record in one canonical string, to compare two records. The
 * JSON round trip makes plain objects of values from another realm (structuredClone).
 */
function signedFields(record: PermitRecord): string {
  return canonicalJson(JSON.parse(JSON.stringify({
    ...Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, record[f]])),
    ...Object.fromEntries(DISCLOSURE_NAMES.map((name) => [name, valueAt(record, name)])),
  })));
}

/**
 * True when `signature` is a valid signed record under `publicKey` and signs exactly
 * `record`'s fields: what a verifier holding every disclosure checks.
 */
export function verifyPermit(record: PermitRecord, signature: PermitSignature, publicKey: KeyObject): boolean {
  const opened = openPermitSignature(signature, (jws) => verifyIssuerSigned(jws, publicKey));
  try {
    return opened.ok && signedFields(opened.record) === signedFields(record);
  } catch {
    return false; // a record without its parts is not the signed one, never a crash
  }
}
