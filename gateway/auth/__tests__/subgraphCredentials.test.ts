import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { subgraphCredentials } from '../subgraphCredentials';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);

/** The signer over a clock the test moves. */
function signer(lifetimeSeconds?: number) {
  const clock = { ms: T0 };
  return { clock, credential: subgraphCredentials(privateKey, { lifetimeSeconds, now: () => clock.ms }) };
}

const tokenOf = (header: string) => header.replace(/^Bearer /, '');

describe('subgraphCredentials', () => {
  it('signs an EdDSA JWT from yrd-gateway made out to the subgraph, valid for 60 s', async () => {
    const { credential } = signer();
    const header = await credential('shanghai');
    expect(header).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(decodeProtectedHeader(tokenOf(header))).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    const { payload } = await jwtVerify(tokenOf(header), publicKey, {
      issuer: 'yrd-gateway',
      audience: 'shanghai',
      currentDate: new Date(T0),
    });
    expect(payload).toEqual({ iss: 'yrd-gateway', aud: 'shanghai', iat: T0 / 1000, exp: T0 / 1000 + 60 });
  });

  it('gives each subgraph a credential of its own', async () => {
    const { credential } = signer();
    const [a, b] = await Promise.all([credential('shanghai'), credential('interop')]);
    expect(a).not.toBe(b);
    await expect(jwtVerify(tokenOf(b), publicKey, { audience: 'interop', currentDate: new Date(T0) })).resolves.toBeDefined();
  });

  it('reuses a credential until half its life is gone, then signs a new one', async () => {
    const { clock, credential } = signer(60);
    const first = await credential('suzhou');
    clock.ms += 29_000;
    expect(await credential('suzhou')).toBe(first);
    clock.ms += 1_000;
    const second = await credential('suzhou');
    expect(second).not.toBe(first);
    const { payload } = await jwtVerify(tokenOf(second), publicKey, { currentDate: new Date(clock.ms) });
    expect(payload.iat).toBe(clock.ms / 1000);
  });

  it('signs once for concurrent requests', () => {
    const { credential } = signer();
    const a = credential('anhui');
    expect(credential('anhui')).toBe(a);
  });
});
