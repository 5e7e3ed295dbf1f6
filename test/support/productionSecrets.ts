import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';

/**
 * Fresh secret keys for a production gateway in a test: every variable production
 * requires (gateway/config.ts), each random, so none is a published development key.
 */
export function productionGatewaySecrets(): Record<string, string> {
  return {
    AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHAIN_KEY: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64url'),
    CACHE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SUBGRAPH_AUTH_PRIVATE_KEY: randomBytes(32).toString('base64url'),
  };
}

/**
 * A production partner registry document trusting one partner, `sz-school` (the `scopes`
 * and `purposes` given; SCHOOLING by default), under a fresh key — production refuses
 * development keys — and `sign`, which makes a ten-minute token of that partner.
 */
export function productionPartnerRegistry(
  scopes: readonly string[],
  purposes: readonly string[] = ['SCHOOLING'],
): { document: object; sign: () => Promise<string> } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const document = {
    environment: 'production',
    partners: [
      {
        id: 'sz-school',
        name: 'Suzhou school (test)',
        region: 'SUZHOU',
        purposes,
        scopes,
        keys: [{ kid: 'sz-school-test-1', alg: 'EdDSA', publicJwk: publicKey.export({ format: 'jwk' }) }],
      },
    ],
  };
  const sign = () => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ purposes, scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'sz-school-test-1', typ: 'JWT' })
      .setIssuer('sz-school')
      .setSubject('sz-school')
      .setAudience('yrd-interop-gateway')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .setJti(randomUUID())
      .sign(privateKey);
  };
  return { document, sign };
}

/**
 * `productionPartnerRegistry` with scopes permits:read and recognition:read (and `purposes`),
 * written to `dir` (partners.json), and a token of its partner.
 */
export async function productionPartner(dir: string, purposes?: readonly string[]): Promise<{ registryFile: string; token: string }> {
  const { document, sign } = productionPartnerRegistry(['permits:read', 'recognition:read'], purposes);
  const registryFile = join(dir, 'partners.json');
  writeFileSync(registryFile, JSON.stringify(document));
  return { registryFile, token: await sign() };
}
