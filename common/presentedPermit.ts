import { createHash } from 'node:crypto';
import type { PermitStatus } from './permit';

/**
 * The header the gateway sends a city with every fetch of a request that presents a
 * code: the SHA-256 (base64url) of the presented permit's number, so the city answers
 * that permit only while it is presentable. The city alone holds the live status; the
 * hub verifies the code but sees no record. Hashed: a header is not the place for a
 * permit number (logs, proxies).
 */
export const PRESENTED_PERMIT_HEADER = 'x-yrd-presented-permit';

/** The value of {@link PRESENTED_PERMIT_HEADER} for a permit number. */
export function presentedPermitDigest(permitId: string): string {
  return createHash('sha256').update(permitId).digest('base64url');
}

/**
 * Whether a permit in `status` may be presented: a revoked or suspended permit gets no
 * presentation code and honours none (DOMAIN.md, "A code is checked against the live
 * record"). An expired one may: its decision says so.
 */
export function isPresentable(status: PermitStatus): boolean {
  return status !== 'REVOKED' && status !== 'SUSPENDED';
}
