import type { AuditDecision, AuditFailure } from './AuditRecord';

/**
 * What the transport notes for the audit while a request runs, from the subgraphs'
 * answers as the gateway received them (before any of it is shaped for the partner).
 */
export interface AuditNotes {
  /** Decisions of the interop hub, in the order they arrived. */
  readonly decisions: AuditDecision[];
  /** Subgraph fetches that failed. */
  readonly failures: AuditFailure[];
  /** Names of the city subgraphs that served at least one entity (stale ones from the cache included). */
  readonly answered: Set<string>;
  /** Set once the request's record is appended: exactly one record per request. */
  recorded: boolean;
}

export function newAuditNotes(): AuditNotes {
  return { decisions: [], failures: [], answered: new Set(), recorded: false };
}
