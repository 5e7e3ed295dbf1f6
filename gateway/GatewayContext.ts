import type { PartnerContext } from './purpose/purposeGuard';

/**
 * The per-request context of the gateway: built by the express integration from the
 * verified token and the purpose headers, read by plugins and every subgraph data source.
 */
export interface GatewayContext extends PartnerContext {
  requestId: string;
  /** When the request arrived, ISO 8601 (audit). */
  receivedAt: string;
  /** Permit numbers the operation names; set before planning. */
  permitIds: string[];
  /** Set before planning when the operation asks for a recognition decision: no stale data may feed it. */
  decision: boolean;
}

export function newGatewayContext(requestId: string, partner: PartnerContext): GatewayContext {
  return { ...partner, requestId, receivedAt: new Date().toISOString(), permitIds: [], decision: false };
}
