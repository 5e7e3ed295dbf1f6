import type { Service } from '../../common/services';
import { mintDevToken } from '../../scripts/token';

/**
 * Headers of a partner request: a development token of `partner` and, when given, the
 * purpose, case and officer. `demo-all` holds every purpose and scope.
 */
export async function partnerHeaders(purpose?: Service, partner = 'demo-all'): Promise<Record<string, string>> {
  const token = await mintDevToken({ partnerId: partner });
  return {
    authorization: `Bearer ${token}`,
    ...(purpose ? { 'x-purpose': purpose, 'x-case-id': 'CASE-TEST-1', 'x-officer-id': 'officer-7' } : {}),
  };
}
