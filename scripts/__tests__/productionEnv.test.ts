import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPartnerRegistry } from '../../gateway/auth/loadPartnerRegistry';
import { loadGatewayConfig } from '../../gateway/config';
import { loadCityConfig } from '../../subgraphs/city/config';
import { loadInteropConfig } from '../../subgraphs/interop/config';
import { DEMO_PARTNER, productionVariables, writeDemoPartner } from '../productionEnv';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-production-env-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('productionVariables', () => {
  it('gives every service what production requires, each secret accepted and fresh', () => {
    const env = Object.fromEntries(productionVariables(join(dir, 'partners.json')));
    expect(loadGatewayConfig(env).nodeEnv).toBe('production');
    expect(loadInteropConfig(env).trust).toEqual({ source: 'demo', demoSecret: env.MOCK_DEMO_SECRET });
    expect(loadCityConfig('SHANGHAI', env).appClientToken).toBe(env.APP_CLIENT_TOKEN);
    const again = Object.fromEntries(productionVariables(join(dir, 'partners.json')));
    for (const key of ['AUDIT_HMAC_KEY', 'AUDIT_SIGNING_KEY', 'MOCK_DEMO_SECRET']) expect(again[key]).not.toBe(env[key]);
  });
});

describe('writeDemoPartner', () => {
  it('writes a production registry of one partner under a fresh key, its private key for its owner only, and never overwrites', () => {
    const file = join(dir, 'config', 'partners.json');
    const keyFile = writeDemoPartner(file);
    const registry = loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: file });
    expect(registry.keys.get(DEMO_PARTNER.kid)?.partner.id).toBe(DEMO_PARTNER.id);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(() => writeDemoPartner(file)).toThrow(/exists/);
  });
});
