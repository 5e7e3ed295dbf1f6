import type { GatewayContext } from '../../GatewayContext';

/**
 * The partition of a request's cached entities: its partner and its purpose as the
 * purpose guard validated it (`grantedPurpose`), never the raw `X-Purpose` header.
 *
 * Per purpose, so one purpose never sees another's fields. Per partner, because a shared
 * entry tells on its neighbours by its timing: a hit answers in a few milliseconds
 * against tens for a fetch, so partner B could learn which permits partner A just looked
 * up (issue 20). The price is a lower hit ratio across partners; a partner's own repeated
 * lookups still hit. docs/architecture.md, "Entity cache".
 */
export function cachePartition(context: Pick<GatewayContext, 'partner' | 'grantedPurpose'>): string | null {
  if (!context.partner) return null;
  return `${context.partner.id}\n${context.grantedPurpose ?? ''}`;
}
