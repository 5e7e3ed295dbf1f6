/** How a request ended. */
export type AuditOutcome = 'OK' | 'PARTIAL' | 'REFUSED' | 'ERROR';

/** One recognition decision as the hub returned it to the gateway, the permit number raw. */
export interface AuditDecision {
  permitId: string;
  /** The host region, e.g. `SUZHOU`; `null` when the hub's answer did not say. */
  host: string | null;
  /** The service, e.g. `SCHOOLING`; `null` when the hub's answer did not say. */
  service: string | null;
  decision: string;
}

/** A subgraph fetch of the request that failed, and how (`REGION_UNAVAILABLE`, `REGION_TIMEOUT`…). */
export interface AuditFailure {
  subgraph: string;
  code: string;
}

/**
 * What the request pipeline hands the audit log for one request of a known partner.
 * Everything comes from the gateway's own data (the operation analysis, the hub's
 * answers as the transport received them), never from the response the partner shaped.
 * Permit ids come in raw and never leave the audit module raw: `toAuditEntry` replaces
 * each with its keyed hash, so the pipeline never handles the HMAC key.
 */
export interface AuditRecord {
  /** When the request was received, ISO 8601. */
  time: string;
  /** The audit's own id of the request, a UUID the gateway made. */
  requestId: string;
  /** The caller's `X-Request-Id` when it was a sane id, else `null`. */
  callerRequestId: string | null;
  partnerId: string;
  officerId: string | null;
  /** The `X-Purpose` header when it names a service, else `null` (free text is never stored). */
  purpose: string | null;
  caseId: string | null;
  /** Permit numbers the operation's arguments name, raw. */
  permitIds: string[];
  /** Fields released to the partner, by schema coordinate, e.g. `Holder.name`. */
  fields: string[];
  /** The decisions the hub returned, by permit, host and service. */
  decisions: AuditDecision[];
  /** Subgraph fetches that failed. */
  failures: AuditFailure[];
  outcome: AuditOutcome;
  /** `extensions.code` of every error in the response. */
  errorCodes: string[];
}
