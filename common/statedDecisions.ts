/**
 * The hub's statement of the recognition decisions it made in one answer, carried in that
 * answer's `extensions` under `DECISIONS_EXTENSION`. The gateway's audit records them as
 * stated, so it no longer re-reads the hub's answer through the operation the planner
 * sent. Apollo Gateway merges only `data` and `errors` of a subgraph's answer into the
 * partner's response: the statement never reaches a partner (test/hubDecisions.test.ts).
 */
export const DECISIONS_EXTENSION = 'yrdDecisions';

/** One decision the hub made and sent out: a `decision` of a `Recognition` it answered. */
export interface StatedDecision {
  permitId: string;
  /** The host region, e.g. `SUZHOU`. */
  host: string;
  /** The service, e.g. `SCHOOLING`. */
  service: string;
  /** `RECOGNISED`, `REFERRED`, `REJECTED` or `UNVERIFIABLE`. */
  decision: string;
}

/**
 * The decisions stated in an answer's `extensions`: every well-formed entry, in order.
 * Never throws; an answer without a statement, or with a malformed one, states none.
 */
export function statedDecisions(extensions: unknown): StatedDecision[] {
  const stated = isObject(extensions) ? extensions[DECISIONS_EXTENSION] : undefined;
  if (!Array.isArray(stated)) return [];
  return stated.filter(isStatedDecision).map(({ permitId, host, service, decision }) => ({ permitId, host, service, decision }));
}

function isStatedDecision(value: unknown): value is StatedDecision {
  return (
    isObject(value) &&
    [value.permitId, value.host, value.service, value.decision].every((v) => typeof v === 'string' && v !== '')
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
