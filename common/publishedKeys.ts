import { createHash, type KeyObject } from 'node:crypto';
import { DEFAULTS } from './defaults';
import { ed25519FromSeed, exportRawPublicKey } from './signing';

/**
 * The published recipes of this repository's Ed25519 keys: each private key is the seed
 * SHA-256(`<label><kid>`), so anyone with the source can rebuild it for any kid. The mock
 * issuers' keys (common/mockIssuerKeys.ts) and the development partners' keys
 * (gateway/auth/developmentTokens.ts) are made here, so the check below and the keys it
 * refuses cannot drift apart.
 */
export const PUBLISHED_SEED_LABELS = {
  /** The mock issuers' signing keys: `SH-2026-01`, `AH-2024-01`, `ROGUE-01`… */
  mockIssuer: 'yrd-mock-signing-key:',
  /** The development partners' token keys: `demo-all-dev-1`… */
  developmentPartner: 'yrd-interop-gateway/dev-partner-key/',
} as const;

export type PublishedSeedLabel = keyof typeof PUBLISHED_SEED_LABELS;

const pairs = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

/** The key pair a published recipe makes for `kid` (remembered: key ids repeat). */
export function publishedKeyPair(label: PublishedSeedLabel, kid: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const seedText = `${PUBLISHED_SEED_LABELS[label]}${kid}`;
  let pair = pairs.get(seedText);
  if (!pair) {
    pair = ed25519FromSeed(createHash('sha256').update(seedText, 'utf8').digest());
    pairs.set(seedText, pair);
  }
  return pair;
}

/** The public keys of the published development key pairs of DEFAULTS (gateway credential, audit signing). */
const PUBLISHED_PUBLIC_KEYS: readonly string[] = [DEFAULTS.developmentOnlyGatewayPublicKey, DEFAULTS.developmentOnlyAuditPublicKey];

/**
 * Whether the Ed25519 public key `publicKey` (base64url raw) has a private half anyone
 * can make: a development key pair of DEFAULTS, or either published recipe applied to
 * its own `kid` or to any of `knownKids` (the mock issuers' and development partners'
 * kids, and the other kids of the same file) — a published key filed under a new kid
 * is still published. Production trusts no such key: keys are the deployment's own.
 */
export function isPublishedPublicKey(publicKey: string, kid: string, knownKids: Iterable<string> = []): boolean {
  if (PUBLISHED_PUBLIC_KEYS.includes(publicKey)) return true;
  const labels = Object.keys(PUBLISHED_SEED_LABELS) as PublishedSeedLabel[];
  for (const candidate of new Set([kid, ...knownKids])) {
    for (const label of labels) {
      if (exportRawPublicKey(publishedKeyPair(label, candidate).publicKey) === publicKey) return true;
    }
  }
  return false;
}
