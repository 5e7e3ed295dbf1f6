import { LRUCache } from 'lru-cache';
import type { PartnerRegistry } from './partnerRegistry';
import { verifyPartnerToken, type VerifiedPartner, type VerifyOptions } from './verifyPartnerToken';

/** Verified tokens remembered at most. */
const MAX_TOKENS = 10_000;

/**
 * `verifyPartnerToken` that remembers a token it verified until the token stops being
 * acceptable (its `exp`, or its maximum age by `iat`, whichever is first): a partner sends
 * the same token with every request, and verifying its signature each time was ~7 % of
 * the gateway's CPU. The registry is fixed for the life of the process, so a remembered
 * answer is the answer verification would give. Refused tokens are not remembered.
 */
export function verifiedTokens(registry: PartnerRegistry, options: VerifyOptions) {
  const maxAgeSeconds = options.maxTokenAgeSeconds;
  const known = new LRUCache<string, { verified: VerifiedPartner; untilMs: number }>({ max: MAX_TOKENS });
  return async (authorization: string | undefined): Promise<VerifiedPartner> => {
    const hit = authorization ? known.get(authorization) : undefined;
    if (hit && Date.now() < hit.untilMs) return hit.verified;
    const verified = await verifyPartnerToken(authorization, registry, options);
    const { exp, iat } = verified.claims;
    const untilSeconds = maxAgeSeconds === undefined ? exp : Math.min(exp, iat + maxAgeSeconds);
    if (authorization) known.set(authorization, { verified, untilMs: untilSeconds * 1000 });
    return verified;
  };
}
