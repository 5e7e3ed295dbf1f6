import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../common/defaults';
import { signPresentationCode, verifyPresentationCode } from '../../../common/presentationCode';
import { publishedKeyPair } from '../../../common/publishedKeys';
import { exportRawPublicKey } from '../../../common/signing';
import { mockKeyPair, mockTrustRegistry } from '../../../common/mockIssuerKeys';
import { hubTrustRegistry } from '../hubTrustRegistry';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-trust-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function registryFile(keys: unknown[]): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(keys));
  return file;
}

const entry = (keyId: string, publicKey: string) => ({ keyId, region: 'SHANGHAI', publicKey, validFrom: '2026-01-01', validUntil: '2027-12-31' });
const published = (kid: string) => exportRawPublicKey(mockKeyPair(kid).publicKey);

describe('hubTrustRegistry in production', () => {
  it('refuses the committed mock trust registry: every private key behind it is sha256 of a published text', () => {
    expect(() => hubTrustRegistry({ source: 'file', file: DEFAULTS.developmentTrustRegistryFile }, 'production')).toThrow(
      /keys\[0\]\.publicKey: "SH-2026-01" is derivable from a published seed/,
    );
  });

  it('refuses the derived SH-2026-01 key filed under a new kid, and a recipe key of any kid', () => {
    const forged = registryFile([entry('SH-2026-77', published('SH-2026-01'))]);
    expect(() => hubTrustRegistry({ source: 'file', file: forged }, 'production')).toThrow(/"SH-2026-77" is derivable from a published seed/);
    const anyKid = registryFile([entry('shanghai-issuer-2031', published('shanghai-issuer-2031'))]);
    expect(() => hubTrustRegistry({ source: 'file', file: anyKid }, 'production')).toThrow(/"shanghai-issuer-2031" is derivable/);
    const partnerRecipe = registryFile([entry('SH-X', exportRawPublicKey(publishedKeyPair('developmentPartner', 'SH-X').publicKey))]);
    expect(() => hubTrustRegistry({ source: 'file', file: partnerRecipe }, 'production')).toThrow(/"SH-X" is derivable/);
  });

  it('trusts a registry of the issuers’ own keys', () => {
    const own = exportRawPublicKey(mockKeyPair('SH-2026-01', randomBytes(32).toString('base64')).publicKey);
    const registry = hubTrustRegistry({ source: 'file', file: registryFile([entry('SH-2026-01', own)]) }, 'production');
    expect(registry.lookup('SH-2026-01')?.metadata.publicKey).toBe(own);
  });

  it('keeps the mock registry in development', () => {
    expect(hubTrustRegistry({ source: 'file', file: DEFAULTS.developmentTrustRegistryFile }, 'development').lookup('SH-2026-01')).toBeDefined();
  });
});

describe('hubTrustRegistry from MOCK_DEMO_SECRET (TRUST_REGISTRY=demo)', () => {
  const secret = randomBytes(32).toString('base64');
  const registry = hubTrustRegistry({ source: 'demo', demoSecret: secret }, 'production');
  const now = Date.parse('2026-12-02T03:00:00Z') / 1000;
  const verified = async (privateKey: Parameters<typeof signPresentationCode>[2]) => {
    const { code } = await signPresentationCode({ permitId: '3101152022000001018', issuer: 'SHANGHAI', purpose: 'SCHOOLING', now }, 'SH-2026-01', privateKey);
    return verifyPresentationCode(code, { lookup: registry.lookup, now: now + 1 });
  };

  it('holds the demo cities’ keys, none of them published', () => {
    const key = registry.lookup('SH-2026-01')!;
    expect(key.metadata.publicKey).toBe(exportRawPublicKey(mockKeyPair('SH-2026-01', secret).publicKey));
    expect(mockTrustRegistry(secret).map((k) => k.publicKey)).not.toEqual(expect.arrayContaining([published('SH-2026-01')]));
    expect(mockTrustRegistry(secret).filter((k) => mockTrustRegistry().some((p) => p.publicKey === k.publicKey))).toEqual([]);
  });

  it('verifies a code the demo city signs, and not one forged with the derived SH-2026-01 key', async () => {
    expect(await verified(mockKeyPair('SH-2026-01', secret).privateKey)).toMatchObject({ ok: true, keyId: 'SH-2026-01' });
    expect(await verified(mockKeyPair('SH-2026-01').privateKey)).toMatchObject({ ok: false });
  });
});
