import type { AuditOutcome, AuditRecord } from './AuditRecord';

/**
 * One audit record as stored, in the stream and in the file: the `AuditRecord` with
 * every permit number replaced by its keyed hash. The chain hash covers exactly this
 * plus `prevHash` (see `chainHash`).
 */
export interface AuditEntry extends Omit<AuditRecord, 'permitIds' | 'decisions'> {
  permitIdHashes: string[];
  decisions: Array<{ permitIdHash: string; host: string | null; service: string | null; decision: string }>;
}

/**
 * Builds the stored form of a record. Coerces every value to the stored type rather
 * than throwing: a malformed record from a pipeline bug is still evidence worth keeping,
 * and `append` must never throw.
 */
export function toAuditEntry(record: AuditRecord, hashPermitId: (permitId: string) => string): AuditEntry {
  return {
    time: String(record.time),
    requestId: String(record.requestId),
    callerRequestId: nullableString(record.callerRequestId),
    partnerId: String(record.partnerId),
    officerId: nullableString(record.officerId),
    purpose: nullableString(record.purpose),
    caseId: nullableString(record.caseId),
    permitIdHashes: strings(record.permitIds).map(hashPermitId),
    fields: strings(record.fields),
    decisions: (Array.isArray(record.decisions) ? record.decisions : []).map((d) => ({
      permitIdHash: hashPermitId(String(d?.permitId)),
      host: nullableString(d?.host),
      service: nullableString(d?.service),
      decision: String(d?.decision),
    })),
    failures: (Array.isArray(record.failures) ? record.failures : []).map((f) => ({
      subgraph: String(f?.subgraph),
      code: String(f?.code),
    })),
    outcome: String(record.outcome) as AuditOutcome,
    errorCodes: strings(record.errorCodes),
  };
}

function nullableString(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function strings(values: readonly string[] | undefined): string[] {
  return Array.isArray(values) ? Array.from(values, (v) => String(v)) : [];
}
