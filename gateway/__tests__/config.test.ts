import { createHash } from 'node:crypto';
import { DEFAULTS } from '../../common/defaults';
import { loadGatewayConfig } from '../config';

/** What production needs besides the secret keys under test. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PARTNER_REGISTRY_FILE: 'config/partners.json',
  // The audit chain and checkpoint keys (their own checks are in the tests that name them).
  AUDIT_CHAIN_KEY: 'Vb7nQ2xLk9RtY4wMc1HsZ8dJf3GaE6pUi0oN5KjTlXy=',
  AUDIT_SIGNING_KEY: createHash('sha256').update('an audit signing seed of this test only').digest('base64url'),
} as const;
const STRONG_AUDIT_KEY = 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=';
const STRONG_CACHE_KEY = 'Zk3u9QvX1pLm7RtY2wNc8HsB4dJf6GaE0oIi5KjTlUw=';

/** A seed as `npm run -s gateway-key` makes one. */
const STRONG_SEED = createHash('sha256').update('a seed of this test only').digest('base64url');

describe('loadGatewayConfig', () => {
  it('enforces the consent policy in development as in production unless CONSENT_MODE=off', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'development' }).consentMode).toBe('policy');
    expect(loadGatewayConfig({ NODE_ENV: 'development', CONSENT_MODE: 'off' }).consentMode).toBe('off');
    expect(() => loadGatewayConfig({ ...PRODUCTION, CONSENT_MODE: 'off' })).toThrow(/CONSENT_MODE: refused in production/);
  });

  it('accepts strong secret keys in production', () => {
    const config = loadGatewayConfig({ ...PRODUCTION, AUDIT_HMAC_KEY: STRONG_AUDIT_KEY, CACHE_ENCRYPTION_KEY: STRONG_CACHE_KEY, SUBGRAPH_AUTH_PRIVATE_KEY: STRONG_SEED });
    expect(config).toMatchObject({ nodeEnv: 'production', audit: { hmacKey: STRONG_AUDIT_KEY }, cache: { encryptionKey: STRONG_CACHE_KEY } });
  });

  it('requires the audit chain and signing keys in production, and refuses the published ones', () => {
    const { AUDIT_CHAIN_KEY: _chain, AUDIT_SIGNING_KEY: _signing, ...without } = PRODUCTION;
    expect(() => loadGatewayConfig(without)).toThrow(/AUDIT_SIGNING_KEY: required in production[\s\S]*AUDIT_CHAIN_KEY: required in production/);
    expect(() =>
      loadGatewayConfig({ ...PRODUCTION, AUDIT_CHAIN_KEY: DEFAULTS.developmentAuditChainKey, AUDIT_SIGNING_KEY: DEFAULTS.developmentOnlyAuditSigningKey }),
    ).toThrow(/AUDIT_SIGNING_KEY: is the published development key[\s\S]*AUDIT_CHAIN_KEY: refused in production: is a published development key/);
  });

  it('requires every secret key in production', () => {
    expect(() => loadGatewayConfig(PRODUCTION)).toThrow(
      /AUDIT_HMAC_KEY: required in production[\s\S]*CACHE_ENCRYPTION_KEY: required in production/,
    );
  });

  it('refuses a guessable gateway credential seed in production', () => {
    expect(() =>
      loadGatewayConfig({ ...PRODUCTION, AUDIT_HMAC_KEY: STRONG_AUDIT_KEY, CACHE_ENCRYPTION_KEY: STRONG_CACHE_KEY, SUBGRAPH_AUTH_PRIVATE_KEY: Buffer.alloc(32, 0x5a).toString('base64url') }),
    ).toThrow(/SUBGRAPH_AUTH_PRIVATE_KEY: refused in production: is too guessable/);
  });

  it('refuses the development keys and weak keys in production, naming each variable', () => {
    expect(() =>
      loadGatewayConfig({ ...PRODUCTION, AUDIT_HMAC_KEY: DEFAULTS.developmentAuditHmacKey, CACHE_ENCRYPTION_KEY: 'a'.repeat(44) }),
    ).toThrow(/AUDIT_HMAC_KEY: refused in production: is a published development key[\s\S]*CACHE_ENCRYPTION_KEY: refused in production: is too guessable/);
    expect(() =>
      loadGatewayConfig({ ...PRODUCTION, AUDIT_HMAC_KEY: 'password123'.repeat(3), CACHE_ENCRYPTION_KEY: DEFAULTS.developmentCacheEncryptionKey }),
    ).toThrow(/AUDIT_HMAC_KEY: refused in production: is too guessable[\s\S]*CACHE_ENCRYPTION_KEY: refused in production: is a published/);
  });

  const STRONG = { ...PRODUCTION, AUDIT_HMAC_KEY: STRONG_AUDIT_KEY, CACHE_ENCRYPTION_KEY: STRONG_CACHE_KEY, SUBGRAPH_AUTH_PRIVATE_KEY: STRONG_SEED };

  it('refuses a typed key, and a published development key with one character added', () => {
    expect(() => loadGatewayConfig({ ...STRONG, CACHE_ENCRYPTION_KEY: 'abcdefghijklmnopqrstuvwxyz012345' })).toThrow(
      /CACHE_ENCRYPTION_KEY: refused in production: is too guessable/,
    );
    expect(() => loadGatewayConfig({ ...STRONG, AUDIT_HMAC_KEY: `${DEFAULTS.developmentAuditHmacKey}1` })).toThrow(
      /AUDIT_HMAC_KEY: refused in production: is within 8 edits of a published development value/,
    );
  });

  it('refuses one key in two roles: the chain key equal to the permit-number key', () => {
    expect(() => loadGatewayConfig({ ...STRONG, AUDIT_CHAIN_KEY: STRONG_AUDIT_KEY })).toThrow(
      /AUDIT_CHAIN_KEY: refused in production: is \(nearly\) the same as AUDIT_HMAC_KEY/,
    );
  });

  it.each([
    ['a zero seed', Buffer.alloc(32).toString('base64url'), /too guessable/],
    ['the published development seed with one character changed', `${DEFAULTS.developmentOnlyAuditSigningKey.slice(0, -1)}A`, /published development value/],
    ['the gateway’s own credential seed', STRONG_SEED, /the same as SUBGRAPH_AUTH_PRIVATE_KEY/],
  ])('refuses an audit signing key that is %s', (_what, seed, why) => {
    expect(() => loadGatewayConfig({ ...STRONG, AUDIT_SIGNING_KEY: seed })).toThrow(new RegExp(`AUDIT_SIGNING_KEY: refused in production: .*${why.source}`));
  });

  it('defaults the secret keys to the development keys in development only', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'development' })).toMatchObject({
      audit: { hmacKey: DEFAULTS.developmentAuditHmacKey },
      cache: { encryptionKey: DEFAULTS.developmentCacheEncryptionKey },
    });
  });

  it('refuses NODE_ENV=test, naming NODE_ENV', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'test' })).toThrow(/NODE_ENV: must be development or production/);
  });

  it('puts the audit stream under REDIS_KEY_PREFIX, and refuses one outside it', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'development' }).audit.streamKey).toBe('yrd:audit');
    expect(loadGatewayConfig({ NODE_ENV: 'development', REDIS_KEY_PREFIX: 'yrd-b:' })).toMatchObject({
      redisKeyPrefix: 'yrd-b:',
      audit: { streamKey: 'yrd-b:audit' },
    });
    expect(() => loadGatewayConfig({ NODE_ENV: 'development', REDIS_KEY_PREFIX: 'yrd-b:', AUDIT_STREAM_KEY: 'yrd:audit' })).toThrow(
      /AUDIT_STREAM_KEY: must start with REDIS_KEY_PREFIX/,
    );
    expect(() => loadGatewayConfig({ NODE_ENV: 'development', REDIS_KEY_PREFIX: 'yrd*' })).toThrow(/REDIS_KEY_PREFIX: /);
  });

  it('gives trickled headers 10 s by default (HEADERS_TIMEOUT_MS), within 0.5 to 60 s', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'development' }).headersTimeoutMs).toBe(10_000);
    expect(loadGatewayConfig({ NODE_ENV: 'development', HEADERS_TIMEOUT_MS: '2000' }).headersTimeoutMs).toBe(2000);
    expect(() => loadGatewayConfig({ NODE_ENV: 'development', HEADERS_TIMEOUT_MS: '120000' })).toThrow(/HEADERS_TIMEOUT_MS: /);
  });
});
