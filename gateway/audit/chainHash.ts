import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonicalJson';
import type { AuditEntry } from './AuditEntry';

/** The `prevHash` of the first record of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash a record carries: SHA-256, lower-case hex, over the canonical JSON of
 * `{ prevHash, ...entry }`. Changing any field of a record, or the record before it,
 * changes it. Throws `TypeError` for values canonical JSON cannot encode.
 */
export function chainHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(canonicalJson({ prevHash, ...entry }), 'utf8').digest('hex');
}
