/** How a request that touched personal data ended. */
export type AuditOutcome = 'OK' | 'PARTIAL' | 'REFUSED' | 'ERROR';

/**
 * What the request pipeline hands the audit log for one request that touched personal
 * data. Permit ids come in raw and never leave the audit module raw: `toAuditEntry`
 * replaces each with its keyed hash, so the pipeline never handles the HMAC key.
 */
export interface AuditRecord {
  /** When the request was received, ISO 8601. */
  time: string;
  requestId: string;
  partnerId: string;
  officerId: string | null;
  purpose: string | null;
  caseId: string | null;
  /** Permit numbers the request asked about, raw. */
  permitIds: string[];
  /** Response fields returned to the partner, e.g. `ShanghaiPermit.holder.name`. */
  fields: string[];
  /** One recognition decision per permit, the permit number raw. */
  decisions: Array<{ permitId: string; decision: string }>;
  outcome: AuditOutcome;
  /** `extensions.code` of every error in the response. */
  errorCodes: string[];
}
