import type { AnalysedContext } from './operation/operationAnalyser';
import type { PartnerContext } from './purpose/purposeGuard';

/** What a served stale entity is reported as, in `extensions.stale` of the response. */
export interface StaleNote {
  subgraph: string;
  permitId: string;
  ageSeconds: number;
}

/**
 * The per-request context of the gateway: built by the express integration from the
 * verified token and the purpose headers, read by plugins and every subgraph data source.
 */
export interface GatewayContext extends PartnerContext, AnalysedContext {
  requestId: string;
  /** When the request arrived, ISO 8601 (audit). */
  receivedAt: string;
  /** Stale entities served while their region failed. */
  stale: StaleNote[];
}

export function newGatewayContext(requestId: string, partner: PartnerContext): GatewayContext {
  return { ...partner, requestId, receivedAt: new Date().toISOString(), stale: [] };
}
