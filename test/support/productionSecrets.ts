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
 * A production partner registry in `dir` (partners.json) trusting one partner,
 * `sz-school` (SCHOOLING; scopes permits:read and recognition:read), under a fresh key —
 * production refuses development keys — and a ten-minute token of that partner.
 */
export async function productionPartner(dir: string): Promise<{ registryFile: string; token: string }> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const registryFile = join(dir, 'partners.json');
  writeFileSync(
    registryFile,
    JSON.stringify({
      environment: 'production',
      partners: [
        {
          id: 'sz-school',
          name: 'Suzhou school (test)',
          region: 'SUZHOU',
          purposes: ['SCHOOLING'],
          scopes: ['permits:read', 'recognition:read'],
          keys: [{ kid: 'sz-school-test-1', alg: 'EdDSA', publicJwk: publicKey.export({ format: 'jwk' }) }],
        },
      ],
    }),
  );
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ purposes: ['SCHOOLING'], scope: 'permits:read recognition:read' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'sz-school-test-1', typ: 'JWT' })
    .setIssuer('sz-school')
    .setSubject('sz-school')
    .setAudience('yrd-interop-gateway')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setJti(randomUUID())
    .sign(privateKey);
  return { registryFile, token };
}
