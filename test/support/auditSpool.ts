import { readFileSync } from 'node:fs';
import type { AuditEntry } from '../../gateway/audit/AuditEntry';

/** Every record of a gateway's audit spool file (without Redis the file is the store of record). */
export function spoolEntries(spool: string): AuditEntry[] {
  return readFileSync(spool, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { entry: AuditEntry }).entry);
}

/** The records in `spool` of the request whose caller's X-Request-Id was `id`. */
export const spoolRecordsOf = (spool: string, id: string): AuditEntry[] => spoolEntries(spool).filter((e) => e.callerRequestId === id);
