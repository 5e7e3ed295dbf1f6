import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../common/canonicalJson';
import type { AuditEntry } from './AuditEntry';

/** The `prevHash` of the first record of a chain: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The link a record carries: HMAC-SHA256 under the deployment's chain key
 * (AUDIT_CHAIN_KEY, not the permit-number key), lower-case hex, over the canonical JSON
 * of `{ prevHash, ...entry }`. Changing any field of a record, or the record before it,
 * changes it, and without the key nobody can recompute the links after an edit.
 * Throws `TypeError` for values canonical JSON cannot encode.
 */
export function chainHash(prevHash: string, entry: AuditEntry, chainKey: string | Buffer): string {
  return createHmac('sha256', chainKey).update(canonicalJson({ prevHash, ...entry }), 'utf8').digest('hex');
}
