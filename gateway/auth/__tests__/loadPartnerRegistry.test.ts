import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import developmentFile from '../dev-partners.json';
import { publishedKeyPair } from '../../../common/publishedKeys';
import { loadAuthConfig } from '../authConfig';
import { developmentKeyPair } from '../developmentTokens';
import { DEVELOPMENT_REGISTRY, loadPartnerRegistry } from '../loadPartnerRegistry';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-partners-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const freshPartner = () => ({
  id: 'sz-school',
  name: 'Suzhou school',
  region: 'SUZHOU',
  purposes: ['SCHOOLING'],
  scopes: ['permits:read', 'recognition:read'],
  keys: [
    {
      kid: 'sz-school-2026',
      alg: 'EdDSA',
      publicJwk: generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }),
    },
  ],
});

describe('loadAuthConfig', () => {
  it('in development, defaults to the development registry, our audience and 5 s of clock tolerance', () => {
    expect(loadAuthConfig({ NODE_ENV: 'development' })).toEqual({
      nodeEnv: 'development',
      partnerRegistryFile: undefined,
      audience: 'yrd-interop-gateway',
      clockToleranceSeconds: 5,
      maxTokenAgeSeconds: 86_400,
    });
  });

  it('requires PARTNER_REGISTRY_FILE in production', () => {
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/PARTNER_REGISTRY_FILE: required in production/);
  });

  it('treats an unset NODE_ENV as production, so the development registry must be asked for', () => {
    expect(() => loadAuthConfig({})).toThrow(/PARTNER_REGISTRY_FILE: required in production/);
    expect(loadAuthConfig({ PARTNER_REGISTRY_FILE: '/etc/yrd/partners.json' })).toMatchObject({
      nodeEnv: 'production',
      partnerRegistryFile: '/etc/yrd/partners.json',
    });
  });

  it('reports every bad variable at once', () => {
    expect(() =>
      loadAuthConfig({ NODE_ENV: 'development', AUTH_CLOCK_TOLERANCE_SECONDS: 'soon', AUTH_MAX_TOKEN_AGE_SECONDS: '10' }),
    ).toThrow(/AUTH_CLOCK_TOLERANCE_SECONDS[\s\S]*AUTH_MAX_TOKEN_AGE_SECONDS/);
  });
});

describe('loadPartnerRegistry', () => {
  it('uses the bundled development registry when no file is named', () => {
    const registry = loadPartnerRegistry({ nodeEnv: 'development', partnerRegistryFile: undefined });
    expect(registry).toBe(DEVELOPMENT_REGISTRY);
    expect([...registry.partners.keys()]).toEqual(['demo-all', 'sz-school', 'hz-hospital', 'sh-fund-centre']);
  });

  it('grants the development partners their purposes', () => {
    const grants = Object.fromEntries([...DEVELOPMENT_REGISTRY.partners.values()].map((p) => [p.id, p.purposes]));
    expect(grants).toEqual({
      'demo-all': ['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL'],
      'sz-school': ['SCHOOLING'],
      'hz-hospital': ['MEDICAL_BILLING'],
      'sh-fund-centre': ['PROVIDENT_FUND_WITHDRAWAL'],
    });
    expect(DEVELOPMENT_REGISTRY.partners.get('demo-all')?.scopes).toContain('schema:explore');
    expect(DEVELOPMENT_REGISTRY.partners.get('sz-school')?.region).toBe('SUZHOU');
  });

  it('never falls back to the development registry in production', () => {
    expect(() => loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: undefined })).toThrow(/required in production/);
  });

  it('refuses the development registry in production even when named explicitly', () => {
    const file = write('dev.json', developmentFile);
    expect(() => loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: file })).toThrow(
      /refused in production\n {2}environment: is "development"\n {2}partner demo-all, kid demo-all-dev-1: a development key/,
    );
  });

  it('refuses a development key copied into a production registry under another kid', () => {
    const copied = { ...developmentFile.partners[1], keys: [{ ...developmentFile.partners[1]?.keys[0], kid: 'sz-school-2026' }] };
    const file = write('copied.json', { partners: [copied] });
    expect(() => loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: file })).toThrow(
      'partner sz-school, kid sz-school-2026: a development key (its private key is public)',
    );
  });

  it.each([
    ['the development recipe for its own new kid', 'sz-school-2027', () => developmentKeyPair('sz-school-2027').publicKey],
    ['the development recipe for a development partner’s kid', 'sz-school-2028', () => developmentKeyPair('hz-hospital-dev-1').publicKey],
    ['the mock issuers’ recipe', 'sz-school-2029', () => publishedKeyPair('mockIssuer', 'sz-school-2029').publicKey],
  ])('refuses a key derived from a development seed and filed under a new kid: %s', (_what, kid, key) => {
    const partner = { ...freshPartner(), keys: [{ kid, alg: 'EdDSA', publicJwk: key().export({ format: 'jwk' }) }] };
    const file = write(`${kid}.json`, { environment: 'production', partners: [partner] });
    expect(() => loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: file })).toThrow(
      `partner sz-school, kid ${kid}: a development key (its private key is public)`,
    );
  });

  it('loads a production registry of fresh keys', () => {
    const file = write('prod.json', { environment: 'production', partners: [freshPartner()] });
    const registry = loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: file });
    expect(registry.keys.get('sz-school-2026')?.partner.id).toBe('sz-school');
  });

  it('names the file it cannot read', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadPartnerRegistry({ nodeEnv: 'development', partnerRegistryFile: file })).toThrow(`${file}: cannot read the partner registry`);
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => loadPartnerRegistry({ nodeEnv: 'development', partnerRegistryFile: join(dir, 'broken.json') })).toThrow(
      /broken\.json: cannot read the partner registry/,
    );
  });
});
