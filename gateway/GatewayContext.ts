import type { AnalysedContext } from './operation/operationAnalyser';
import type { Partner } from './auth/partnerRegistry';
import type { PartnerClaims } from './auth/verifyPartnerToken';

/**
 * What the HTTP layer puts in the request context for the purpose guard: the verified partner
 * (spread the result of `verifyPartnerToken`), the `X-Purpose` header as sent, and the
 * case and officer the request is made for (for the audit record).
 */
export interface PartnerContext {
  partner?: Partner;
  claims?: PartnerClaims;
  /** The `X-Purpose` header as sent; the purpose guard validates it. */
  purpose?: string;
  /** `X-Case-Id`: the partner's case (admission file, bill, claim) the request serves. */
  caseId?: string;
  /** `X-Officer-Id`: the partner's officer who made the request. */
  officerId?: string;
}

/**
 * The per-request context of the gateway: built by the express integration from the
 * verified token and the purpose headers, read by plugins and every subgraph data source.
 */
export interface GatewayContext extends PartnerContext, AnalysedContext {
  requestId: string;
  /** When the request arrived, ISO 8601 (audit). */
  receivedAt: string;
}

export function newGatewayContext(requestId: string, partner: PartnerContext): GatewayContext {
  return { ...partner, requestId, receivedAt: new Date().toISOString() };
}
