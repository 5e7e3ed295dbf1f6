import type { AnalysedContext } from './operation/operationAnalyser';
import type { PartnerContext } from './operation/purpose/purposeGuard';

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
