/** What a served stale entity is reported as, in `extensions.stale` of the response. */
export interface StaleNote {
  subgraph: string;
  permitId: string;
  ageSeconds: number;
}

/**
 * The per-request context of the gateway: built by the express integration, read by
 * plugins and by every subgraph data source.
 */
export interface GatewayContext {
  requestId: string;
  /** The purpose the request is made for; cache entries never cross purposes. */
  purpose: string | null;
  /** Set before planning when the operation asks for a recognition decision: no stale data may feed it. */
  decision: boolean;
  /** Stale entities served while their region failed. */
  stale: StaleNote[];
}

export function newGatewayContext(requestId: string, purpose: string | null): GatewayContext {
  return { requestId, purpose, decision: false, stale: [] };
}
