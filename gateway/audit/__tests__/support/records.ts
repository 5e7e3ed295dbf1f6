import type { AuditRecord } from '../../AuditRecord';

/** A test HMAC key (32 bytes). */
export const HMAC_KEY = 'test-audit-hmac-key-0123456789abcdef';

/** A test chain key (32 bytes), not the HMAC key. */
export const CHAIN_KEY = 'test-audit-chain-key-0123456789abcd';

/** A raw permit number that must never appear in the trail or the logs. */
export function permitId(i: number): string {
  return `310115202${String(i).padStart(9, '0')}X`;
}

/** Audit record number `i` of a test. */
export function record(i: number, requestPrefix = 'req'): AuditRecord {
  return {
    time: new Date(Date.UTC(2026, 10, 1, 8, 0, 0, i)).toISOString(),
    requestId: `${requestPrefix}-${i}`,
    callerRequestId: null,
    partnerId: 'suzhou-school-17',
    officerId: `officer-${i % 7}`,
    purpose: 'SCHOOL_ADMISSION',
    caseId: `case-${i}`,
    permitIds: [permitId(i)],
    fields: ['ShanghaiPermit.status', 'ShanghaiPermit.validUntil'],
    decisions: [{ permitId: permitId(i), host: 'SUZHOU', service: 'SCHOOLING', decision: 'RECOGNISED' }],
    failures: [],
    outcome: 'OK',
    errorCodes: [],
  };
}
