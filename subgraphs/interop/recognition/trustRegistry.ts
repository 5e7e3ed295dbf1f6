import { createHash, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { isPublishedPublicKey } from '../../../common/publishedKeys';
import { readJsonFile } from '../../../common/readJsonFile';
import { REGIONS } from '../../../common/regions';
import { importRawPublicKey, verifyIssuerSigned } from '../../../common/signing';
import type { TrustedKey } from '../../../common/trust';
import { expecting, formatIssues, isoDate, throwIfProblems } from './validation';

/** A registered signing key: its registry entry and the key ready to verify with. */
export interface RegisteredKey {
  readonly metadata: TrustedKey;
  readonly publicKey: KeyObject;
  /**
   * `verifyIssuerSigned` under this key, remembered: Ed25519 verification is most of the
   * hub's CPU, and partners ask again and again about the same unchanged records. The
   * answer is a pure function of (signed part, key), so remembering it changes no decision.
   */
  verifyJws(jws: string): boolean;
}

/** Verified signed parts remembered per key. */
const VERIFIED_MEMO_ENTRIES = 50_000;

function registeredKey(metadata: TrustedKey): RegisteredKey {
  const publicKey = importRawPublicKey(metadata.publicKey);
  const memo = new LRUCache<string, boolean>({ max: VERIFIED_MEMO_ENTRIES });
  return Object.freeze({
    metadata: Object.freeze({ ...metadata }),
    publicKey,
    verifyJws(jws: string) {
      const key = createHash('sha256').update(jws).digest('base64url');
      let valid = memo.get(key);
      if (valid === undefined) {
        valid = verifyIssuerSigned(jws, publicKey);
        memo.set(key, valid);
      }
      return valid;
    },
  });
}

/** The hub's registry of the regions' public signing keys (docs/domain.md: tamper evidence). */
export interface TrustRegistry {
  /** The key registered under `keyId`, or `undefined` when the registry has none. */
  lookup(keyId: string): RegisteredKey | undefined;
}

function isRawEd25519Key(value: string): boolean {
  // Only the canonical spelling: the decoder ignores stray characters and spare bits.
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length !== 32 || bytes.toString('base64url') !== value) return false;
  try {
    importRawPublicKey(value);
    return true;
  } catch {
    return false;
  }
}

const trustedKeySchema = z
  .strictObject(
    {
      keyId: z.string(expecting('a key id')).min(1, expecting('a non-empty key id')),
      region: z.enum(REGIONS, expecting(`a region: ${REGIONS.join(', ')}`)),
      publicKey: z
        .string(expecting('base64url of a raw 32-byte Ed25519 public key'))
        .refine(isRawEd25519Key, expecting('base64url of a raw 32-byte Ed25519 public key')),
      validFrom: isoDate,
      validUntil: isoDate,
    },
    expecting('a trusted key {keyId, region, publicKey, validFrom, validUntil}'),
  )
  .refine((k) => k.validFrom <= k.validUntil, {
    path: ['validUntil'],
    error: 'expected a date not before validFrom',
  }) satisfies z.ZodType<TrustedKey>;

const registrySchema = z.array(trustedKeySchema, expecting('an array of trusted keys'));

/**
 * Validates a trust registry (a JSON array of {@link TrustedKey}) and imports its keys.
 * Throws one Error naming every problem with its path (`keys[2].publicKey: …`),
 * including a key id registered twice. With `publishedKids` (production), a key whose
 * private half anyone can make (common/publishedKeys.ts: under its own kid, one of
 * `publishedKids` or another kid of the registry) is a problem too.
 */
export function parseTrustRegistry(json: unknown, publishedKids?: readonly string[]): TrustRegistry {
  const parsed = registrySchema.safeParse(json);
  const problems = formatIssues('keys', parsed.error);
  const entries = parsed.data ?? [];
  const firstIndex = new Map<string, number>();
  entries.forEach((key, index) => {
    const first = firstIndex.get(key.keyId);
    if (first === undefined) firstIndex.set(key.keyId, index);
    else problems.push(`keys[${index}].keyId: duplicate key id "${key.keyId}" (also keys[${first}])`);
  });
  if (publishedKids) {
    const kids = [...publishedKids, ...entries.map((k) => k.keyId)];
    entries.forEach((key, index) => {
      if (isPublishedPublicKey(key.publicKey, key.keyId, kids)) {
        problems.push(`keys[${index}].publicKey: "${key.keyId}" is derivable from a published seed (its private key is public); production trusts only the issuers' own keys`);
      }
    });
  }
  throwIfProblems('trust registry', problems);

  const byId = new Map<string, RegisteredKey>(entries.map((metadata) => [metadata.keyId, registeredKey(metadata)]));
  return { lookup: (keyId) => byId.get(keyId) };
}

/** Reads and validates a trust registry file (see {@link parseTrustRegistry}). */
export function loadTrustRegistry(file: string, publishedKids?: readonly string[]): TrustRegistry {
  return readJsonFile(file, 'trust registry', (json) => parseTrustRegistry(json, publishedKids));
}
