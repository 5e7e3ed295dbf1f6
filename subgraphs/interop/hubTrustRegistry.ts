import type { NodeEnv } from '../../common/config';
import { MOCK_KEYS, mockTrustRegistry } from '../../common/mockIssuerKeys';
import { loadTrustRegistry, parseTrustRegistry, type TrustRegistry } from './recognition/trustRegistry';
import type { InteropConfig } from './config';

/**
 * The hub's trust registry as configured: the file, or (TRUST_REGISTRY=demo) the mock
 * issuers' keys derived from MOCK_DEMO_SECRET. In production a file may hold no key
 * anyone can derive (common/publishedKeys.ts): checked against the recipe for each
 * entry's own kid, every mock kid and the file's other kids, so a published key under a
 * new kid is refused too. Throws, naming each such key, so the hub does not start.
 */
export function hubTrustRegistry(trust: InteropConfig['trust'], nodeEnv: NodeEnv): TrustRegistry {
  if (trust.source === 'demo') return parseTrustRegistry(mockTrustRegistry(trust.demoSecret));
  return loadTrustRegistry(trust.file, nodeEnv === 'production' ? MOCK_KEYS.map((k) => k.keyId) : undefined);
}
