import { randomBytes } from 'node:crypto';

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
