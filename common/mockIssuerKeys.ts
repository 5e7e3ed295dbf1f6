import { createHmac, type KeyObject } from 'node:crypto';
import { publishedKeyPair } from './publishedKeys';
import { REGIONS, regionEntry, type Region } from './regions';
import { ed25519FromSeed, exportRawPublicKey } from './signing';
import type { TrustedKey } from './trust';

/** One mock issuer signing key; `trusted: false` keys are left out of the trust registry. */
export interface MockKeySpec {
  keyId: string;
  /** The region the key signs for; null for the rogue key, which belongs to no region. */
  region: Region | null;
  validFrom: string;
  validUntil: string;
  trusted: boolean;
}

// Each region's key-id prefix is in its mock profile (mocks/regions/).
const KEY_PREFIX = (region: Region): string => regionEntry(region).keyIdPrefix;

/**
 * The years the mock issuers have a signing key for: one new key per region each
 * 1 January (yearly rotation, docs/domain.md), each valid for two years so that it
 * overlaps its successor by one — a verifier that has not yet reloaded the trust
 * registry on 1 January still knows the key in use.
 */
export const MOCK_KEY_YEARS = { first: 2026, last: 2035 } as const;

/**
 * The key a region's issuer signs with on `date` (ISO): the one first valid that year
 * (`SH-2028-01` on 2028-03-01). Dates before the first year sign with the first key and
 * dates after the last with the last one, so such records are honestly unverifiable.
 */
export function currentKeyId(region: Region, date: string): string {
  const year = Math.min(Math.max(Number(date.slice(0, 4)), MOCK_KEY_YEARS.first), MOCK_KEY_YEARS.last);
  return `${KEY_PREFIX(region)}-${year}-01`;
}

/** The region's key before rotation began, valid 2024-01-01..2025-12-31: registered, but expired. */
export function expiredKeyId(region: Region): string {
  return `${KEY_PREFIX(region)}-2024-01`;
}

/** A key no trust registry knows: records signed with it are unverifiable. */
export const ROGUE_KEY_ID = 'ROGUE-01';

const YEARS = Array.from({ length: MOCK_KEY_YEARS.last - MOCK_KEY_YEARS.first + 1 }, (_, i) => MOCK_KEY_YEARS.first + i);

/** Every mock key: per region the yearly keys then the expired one; then the rogue key. */
export const MOCK_KEYS: readonly MockKeySpec[] = [
  ...REGIONS.flatMap((region): MockKeySpec[] => [
    ...YEARS.map((year) => ({
      keyId: currentKeyId(region, `${year}-01-01`),
      region,
      validFrom: `${year}-01-01`,
      validUntil: `${year + 1}-12-31`,
      trusted: true,
    })),
    { keyId: expiredKeyId(region), region, validFrom: '2024-01-01', validUntil: '2025-12-31', trusted: true },
  ]),
  { keyId: ROGUE_KEY_ID, region: null, validFrom: '2026-01-01', validUntil: '2027-12-31', trusted: false },
];

const demoPairs = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

/**
 * The deterministic key pair of a mock key id. Without `demoSecret` the Ed25519 seed is
 * sha256(`yrd-mock-signing-key:${keyId}`) (common/publishedKeys.ts), so anyone can
 * rebuild it — development and tests only, refused by a production hub. With
 * `demoSecret` (MOCK_DEMO_SECRET, a production-mode demo) the seed is
 * HMAC-SHA256(demoSecret, the same text): the same key ids, keys only the deployment has.
 */
export function mockKeyPair(keyId: string, demoSecret?: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (demoSecret === undefined) return publishedKeyPair('mockIssuer', keyId);
  const cacheKey = `${demoSecret}\u0000${keyId}`;
  let pair = demoPairs.get(cacheKey);
  if (!pair) {
    pair = ed25519FromSeed(createHmac('sha256', demoSecret).update(`yrd-mock-signing-key:${keyId}`, 'utf8').digest());
    demoPairs.set(cacheKey, pair);
  }
  return pair;
}

/**
 * The mock registries' generator seed of a production-mode demo: derived from
 * MOCK_DEMO_SECRET, so nobody without the secret can regenerate its records.
 */
export function demoMockSeed(demoSecret: string): string {
  return createHmac('sha256', demoSecret).update('yrd-mock-registry-seed', 'utf8').digest('base64url');
}

/**
 * The trust registry of the mock regions: each region's current and expired key, not
 * the rogue key; with `demoSecret`, the keys a demo's cities sign with (see `mockKeyPair`).
 * `mocks/trust-registry.json` is the published list, written by `writeTrustRegistry`.
 */
export function mockTrustRegistry(demoSecret?: string): TrustedKey[] {
  return MOCK_KEYS.flatMap((spec) =>
    spec.trusted && spec.region
      ? [
          {
            keyId: spec.keyId,
            region: spec.region,
            publicKey: exportRawPublicKey(mockKeyPair(spec.keyId, demoSecret).publicKey),
            validFrom: spec.validFrom,
            validUntil: spec.validUntil,
          },
        ]
      : [],
  );
}
