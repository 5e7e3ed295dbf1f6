import { createHash } from 'node:crypto';
import { REGIONS } from '../regions';
import { ed25519FromSeed, exportRawPublicKey } from '../signing';
import { currentKeyId, expiredKeyId, MOCK_KEY_YEARS, MOCK_KEYS, mockKeyPair, mockTrustRegistry, ROGUE_KEY_ID } from '../mockIssuerKeys';

describe('mock keys', () => {
  it('names the key of the signing year and an expired key per region', () => {
    expect(REGIONS.map((r) => currentKeyId(r, '2026-11-01'))).toEqual(['SH-2026-01', 'SZ-2026-01', 'HZ-2026-01', 'AH-2026-01']);
    expect(REGIONS.map((r) => currentKeyId(r, '2028-03-01'))).toEqual(['SH-2028-01', 'SZ-2028-01', 'HZ-2028-01', 'AH-2028-01']);
    expect(REGIONS.map(expiredKeyId)).toEqual(['SH-2024-01', 'SZ-2024-01', 'HZ-2024-01', 'AH-2024-01']);
  });

  it('derives each key from sha256("yrd-mock-signing-key:<keyId>")', () => {
    for (const { keyId } of MOCK_KEYS) {
      const seed = createHash('sha256').update(`yrd-mock-signing-key:${keyId}`).digest();
      const expected = exportRawPublicKey(ed25519FromSeed(seed).publicKey);
      expect(exportRawPublicKey(mockKeyPair(keyId).publicKey)).toBe(expected);
    }
  });

  it('trusts every region key with its validity, and not the rogue key', () => {
    const trust = mockTrustRegistry();
    expect(trust.map((k) => k.keyId)).not.toContain(ROGUE_KEY_ID);
    const years = MOCK_KEY_YEARS.last - MOCK_KEY_YEARS.first + 1;
    expect(trust).toHaveLength(REGIONS.length * (years + 1));
    for (const region of REGIONS) {
      expect(trust.find((k) => k.keyId === currentKeyId(region, '2028-06-30'))).toMatchObject({
        region,
        validFrom: '2028-01-01',
        validUntil: '2029-12-31',
      });
      expect(trust.find((k) => k.keyId === currentKeyId(region, '2026-06-30'))).toMatchObject({
        region,
        validFrom: '2026-01-01',
        validUntil: '2027-12-31',
      });
      expect(trust.find((k) => k.keyId === expiredKeyId(region))).toMatchObject({
        region,
        validFrom: '2024-01-01',
        validUntil: '2025-12-31',
      });
    }
    expect(new Set(trust.map((k) => k.publicKey)).size).toBe(trust.length);
  });
});
