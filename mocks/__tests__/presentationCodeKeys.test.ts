import { currentKeyId, expiredKeyId, mockKeyPair, mockTrustRegistry, ROGUE_KEY_ID } from '../../common/mockIssuerKeys';
import { CODE_LIFETIME_SECONDS, readPresentationCode, signPresentationCode, verifyPresentationCode } from '../../common/presentationCode';
import { importRawPublicKey } from '../../common/signing';

const registry = new Map(mockTrustRegistry().map((k) => [k.keyId, { metadata: k, publicKey: importRawPublicKey(k.publicKey) }]));
const lookup = (keyId: string) => registry.get(keyId);
const at = (iso: string) => Date.parse(iso) / 1000;
const PERMIT = '3101152022000001018';

async function sign(keyId: string, now: number, extra: { lifetimeSeconds?: number; audience?: string } = {}) {
  return signPresentationCode({ permitId: PERMIT, issuer: 'SHANGHAI', purpose: 'SCHOOLING', now, ...extra }, keyId, mockKeyPair(keyId).privateKey);
}

describe('presentation codes', () => {
  it('carry permit, issuer, purpose, audience, 5-minute life and a 128-bit nonce, readable without the key', async () => {
    const now = at('2026-12-02T03:00:00Z');
    const { code, claims } = await sign(currentKeyId('SHANGHAI', '2026-12-02'), now, { audience: 'HANGZHOU' });
    expect(readPresentationCode(code)).toEqual(claims);
    expect(claims).toMatchObject({ permitId: PERMIT, issuer: 'SHANGHAI', purpose: 'SCHOOLING', audience: 'HANGZHOU', issuedAt: now, expiresAt: now + 300 });
    expect(Buffer.from(claims.nonce, 'base64url')).toHaveLength(16);
    expect(await verifyPresentationCode(code, { lookup, now: now + 299 })).toMatchObject({ ok: true, keyId: 'SH-2026-01' });
  });

  it('are refused past their expiry, and never issued for more than 30 minutes', async () => {
    const now = at('2026-12-02T03:00:00Z');
    const { code } = await sign('SH-2026-01', now);
    expect(await verifyPresentationCode(code, { lookup, now: now + 300 })).toMatchObject({ ok: false, code: 'CODE_EXPIRED' });
    await expect(sign('SH-2026-01', now, { lifetimeSeconds: CODE_LIFETIME_SECONDS.max + 1 })).rejects.toThrow(RangeError);
  });

  it('verify in 2028 under the 2028 key, and a code signed in 2028 with the retired 2026 key is refused', async () => {
    const now = at('2028-03-01T02:00:00Z');
    const fresh = await sign(currentKeyId('SHANGHAI', '2028-03-01'), now);
    expect(await verifyPresentationCode(fresh.code, { lookup, now })).toMatchObject({ ok: true, keyId: 'SH-2028-01' });
    const retired = await sign('SH-2026-01', now);
    expect(await verifyPresentationCode(retired.code, { lookup, now })).toMatchObject({ ok: false, code: 'ISSUER_NOT_TRUSTED' });
    const older = await sign(expiredKeyId('SHANGHAI'), now);
    expect(await verifyPresentationCode(older.code, { lookup, now })).toMatchObject({ ok: false, code: 'ISSUER_NOT_TRUSTED' });
  });

  it("refuse an unknown key, another region's key and a flipped byte, each with its code", async () => {
    const now = at('2026-12-02T03:00:00Z');
    expect(await verifyPresentationCode((await sign(ROGUE_KEY_ID, now)).code, { lookup, now })).toMatchObject({ code: 'ISSUER_NOT_TRUSTED' });
    expect(await verifyPresentationCode((await sign('SZ-2026-01', now)).code, { lookup, now })).toMatchObject({ code: 'ISSUER_NOT_TRUSTED' });
    const { code } = await sign('SH-2026-01', now);
    for (let i = 0; i < code.length; i += 37) {
      const flipped = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
      if (flipped === code || code[i] === '.') continue;
      const result = await verifyPresentationCode(flipped, { lookup, now });
      expect(result.ok).toBe(false);
    }
  });

  it.each(['', 'x', 'a.b.c', 'a.b', '..', '€€€.€.€'])('never throw on %j', async (code) => {
    expect(readPresentationCode(code)).toBeUndefined();
    expect(await verifyPresentationCode(code, { lookup })).toMatchObject({ ok: false, code: 'CODE_INVALID' });
  });
});
