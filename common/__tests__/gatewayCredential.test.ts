import { createHash, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { DEFAULTS } from '../defaults';
import { checkCredentialKey, gatewayPrivateKey, gatewayPrivateKeyVar, gatewayPublicKey, gatewayPublicKeyOf, gatewayPublicKeyVar } from '../gatewayCredential';
import { exportRawPublicKey } from '../signing';

describe('the development gateway key pair', () => {
  it('is the seed SHA-256("yrd-development-only-gateway-credential") and its public key', () => {
    const seed = createHash('sha256').update('yrd-development-only-gateway-credential').digest('base64url');
    expect(DEFAULTS.developmentOnlyGatewayPrivateKey).toBe(seed);
    expect(exportRawPublicKey(createPublicKey(gatewayPrivateKey(seed)))).toBe(DEFAULTS.developmentOnlyGatewayPublicKey);
    expect(gatewayPublicKeyOf(seed)).toBe(DEFAULTS.developmentOnlyGatewayPublicKey);
    expect(gatewayPublicKey(DEFAULTS.developmentOnlyGatewayPublicKey).asymmetricKeyType).toBe('ed25519');
  });
});

describe('the key variables', () => {
  const seed = DEFAULTS.developmentOnlyGatewayPrivateKey;

  it('take 32 bytes in canonical base64url and nothing else', () => {
    expect(gatewayPrivateKeyVar.safeParse(seed).success).toBe(true);
    expect(gatewayPublicKeyVar.safeParse(DEFAULTS.developmentOnlyGatewayPublicKey).success).toBe(true);
    for (const bad of [seed.slice(1), `${seed}A`, `${seed}=`, `+${seed.slice(1)}`, Buffer.alloc(32).toString('base64'), '']) {
      expect(gatewayPrivateKeyVar.safeParse(bad).success).toBe(false);
    }
    // The last character carries 2 unused bits: another spelling of the same bytes is refused.
    const alias = seed.slice(0, -1) + (seed.endsWith('U') ? 'V' : 'U');
    expect(gatewayPrivateKeyVar.safeParse(alias).success).toBe(false);
  });
});

describe('checkCredentialKey', () => {
  const schema = z
    .object({ NODE_ENV: z.string(), KEY: z.string().optional() })
    .superRefine((env, ctx) => checkCredentialKey(ctx, env, 'KEY', 'the-development-key'));
  const issues = (env: Record<string, string>) => schema.safeParse(env).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('requires the key in production', () => {
    expect(issues({ NODE_ENV: 'production' })).toEqual(['KEY: required in production']);
  });

  it('refuses the published development key in production', () => {
    expect(issues({ NODE_ENV: 'production', KEY: 'the-development-key' })).toEqual([
      'KEY: is the published development key; production needs a key of its own',
    ]);
  });

  it('lets development and test default to the development key', () => {
    expect(issues({ NODE_ENV: 'development' })).toEqual([]);
    expect(issues({ NODE_ENV: 'test', KEY: 'the-development-key' })).toEqual([]);
    expect(issues({ NODE_ENV: 'production', KEY: 'an-operator-key' })).toEqual([]);
  });
});
