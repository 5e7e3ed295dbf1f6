import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPartnerRegistry } from '../../gateway/auth/loadPartnerRegistry';
import { verifyPartnerToken } from '../../gateway/auth/verifyPartnerToken';
import { partnerTokenCli } from '../partnerToken';
import { DEMO_PARTNER, writeDemoPartner } from '../productionEnv';

let dir: string;
let keyFile: string;
let partnersFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-partner-token-'));
  partnersFile = join(dir, 'partners.json');
  keyFile = writeDemoPartner(partnersFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('partnerTokenCli', () => {
  it('signs a token the production gateway accepts for the demo partner and purpose', async () => {
    const token = await partnerTokenCli(['--key', keyFile, '--partner', DEMO_PARTNER.id, '--purpose', 'SCHOOLING']);
    const registry = loadPartnerRegistry({ nodeEnv: 'production', partnerRegistryFile: partnersFile });
    const verified = await verifyPartnerToken(`Bearer ${token}`, registry, { audience: 'yrd-interop-gateway' });
    expect(verified.partner.id).toBe(DEMO_PARTNER.id);
    expect(verified.claims).toMatchObject({ purposes: ['SCHOOLING'] });
  });

  it('refuses a call without key, partner or purpose, an unknown purpose and a bad ttl', async () => {
    await expect(partnerTokenCli(['--key', keyFile, '--partner', DEMO_PARTNER.id])).rejects.toThrow(/^usage:/);
    await expect(partnerTokenCli(['--key', keyFile, '--partner', 'x', '--purpose', 'SHOPPING'])).rejects.toThrow(/unknown purpose SHOPPING/);
    await expect(partnerTokenCli(['--key', keyFile, '--partner', 'x', '--purpose', 'SCHOOLING', '--ttl', '0'])).rejects.toThrow(/--ttl/);
    await expect(partnerTokenCli(['--key', partnersFile, '--partner', 'x', '--purpose', 'SCHOOLING'])).rejects.toThrow(/expected a private JWK/);
  });
});
