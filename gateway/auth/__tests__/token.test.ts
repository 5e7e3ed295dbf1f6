import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { developmentKeyPair, mintDevToken, tokenCli } from '../../../scripts/token';
import developmentFile from '../dev-partners.json';
import { DEVELOPMENT_REGISTRY } from '../loadPartnerRegistry';
import { verifyPartnerToken } from '../verifyPartnerToken';

const ROOT = join(__dirname, '..', '..', '..');
const BUILT_CLI = join(ROOT, 'dist', 'scripts', 'token.js');
const verify = (token: string) =>
  verifyPartnerToken(`Bearer ${token}`, DEVELOPMENT_REGISTRY, { audience: 'yrd-interop-gateway' });

describe('scripts/token', () => {
  it('keeps dev-partners.json in step with the development keys it derives', () => {
    for (const partner of developmentFile.partners) {
      for (const key of partner.keys) {
        expect(developmentKeyPair(key.kid).publicKey.export({ format: 'jwk' })).toEqual(key.publicJwk);
      }
    }
  });

  it.each([...DEVELOPMENT_REGISTRY.partners.values()].map((p) => [p.id, p.purposes] as const))(
    'mints a token for %s that the gateway verifies, with every purpose by default',
    async (id, purposes) => {
      const { partner, claims } = await verify(await mintDevToken({ partnerId: id }));
      expect(partner.id).toBe(id);
      expect(claims.purposes).toEqual(purposes);
      expect(claims.scopes).toEqual(partner.scopes);
    },
  );

  it('mints the claims the gateway expects', async () => {
    const now = new Date();
    const token = await mintDevToken({ partnerId: 'demo-all', purposes: ['MEDICAL_BILLING'], ttlSeconds: 600, now });
    const iat = Math.floor(now.getTime() / 1000);
    expect(decodeJwt(token)).toEqual({
      iss: 'demo-all',
      sub: 'demo-all',
      aud: 'yrd-interop-gateway',
      purposes: ['MEDICAL_BILLING'],
      scope: 'permits:read recognition:read schema:explore',
      iat,
      exp: iat + 600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('gives every token its own jti', async () => {
    const [a, b] = await Promise.all([mintDevToken({ partnerId: 'sz-school' }), mintDevToken({ partnerId: 'sz-school' })]);
    expect(decodeJwt(a as string).jti).not.toBe(decodeJwt(b as string).jti);
  });

  it('refuses an unknown partner, a purpose the registry does not grant, and a bad ttl', async () => {
    await expect(mintDevToken({ partnerId: 'nobody' })).rejects.toThrow(/unknown partner nobody; known: demo-all/);
    await expect(mintDevToken({ partnerId: 'sz-school', purposes: ['MEDICAL_BILLING'] })).rejects.toThrow(
      'sz-school is not granted MEDICAL_BILLING; granted: SCHOOLING',
    );
    await expect(mintDevToken({ partnerId: 'sz-school', ttlSeconds: 0 })).rejects.toThrow(/--ttl/);
    await expect(mintDevToken({ partnerId: 'sz-school', ttlSeconds: 1.5 })).rejects.toThrow(/--ttl/);
  });

  it('reads --partner, repeated or comma-separated --purpose, --ttl and --aud', async () => {
    const token = await tokenCli(['--partner', 'demo-all', '--purpose', 'SCHOOLING,MEDICAL_BILLING', '--purpose', 'PROVIDENT_FUND_WITHDRAWAL', '--ttl', '60', '--aud', 'staging']);
    const claims = decodeJwt(token);
    expect(claims.purposes).toEqual(['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL']);
    expect(claims.aud).toBe('staging');
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
  });

  it('refuses an unknown purpose and a missing partner with the usage', async () => {
    await expect(tokenCli(['--partner', 'sz-school', '--purpose', 'SHOPPING'])).rejects.toThrow(/unknown purpose SHOPPING\nusage:/);
    await expect(tokenCli([])).rejects.toThrow(/^usage: npm run token/);
  });

  it('prints the public JWK of a development key', async () => {
    expect(JSON.parse(await tokenCli(['--public-jwk', 'sz-school-dev-1']))).toEqual(developmentFile.partners[1]?.keys[0]?.publicJwk);
  });

  describe('the built CLI (npm run token)', () => {
    const run = (args: string[]) => promisify(execFile)(process.execPath, [BUILT_CLI, ...args], { cwd: ROOT });

    beforeAll(() => {
      if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run npm run build first`);
    });

    it('prints a token that verifies (round trip)', async () => {
      const { stdout } = await run(['--partner', 'sz-school', '--purpose', 'SCHOOLING', '--ttl', '3600']);
      const { partner, claims } = await verify(stdout.trim());
      expect(partner.id).toBe('sz-school');
      expect(claims.purposes).toEqual(['SCHOOLING']);
    });

    it('exits with status 2 and a message when the purpose is not granted', async () => {
      await expect(run(['--partner', 'hz-hospital', '--purpose', 'SCHOOLING'])).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('hz-hospital is not granted SCHOOLING'),
      });
    });
  });
});
