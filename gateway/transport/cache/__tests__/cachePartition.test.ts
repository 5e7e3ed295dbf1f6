import type { Partner } from '../../../auth/partnerRegistry';
import { cachePartition } from '../cachePartition';

const partner = (id: string) => ({ id }) as Partner;

describe('cachePartition', () => {
  it('partitions on the purpose the guard validated, not on the X-Purpose header as sent', () => {
    const validated = cachePartition({ partner: partner('sz-school'), grantedPurpose: 'SCHOOLING' });
    // A context whose header says SCHOOLING but which no guard validated shares nothing with it.
    const unvalidated = cachePartition({ partner: partner('sz-school'), purpose: 'SCHOOLING' } as Parameters<typeof cachePartition>[0]);
    expect(unvalidated).not.toBe(validated);
    expect(cachePartition({ partner: partner('sz-school'), grantedPurpose: 'MEDICAL_BILLING' })).not.toBe(validated);
  });

  it('gives each partner its own partition for the same purpose', () => {
    expect(cachePartition({ partner: partner('demo-all'), grantedPurpose: 'SCHOOLING' })).not.toBe(
      cachePartition({ partner: partner('sz-school'), grantedPurpose: 'SCHOOLING' }),
    );
  });

  it('puts a request without a verified partner in no partner’s partition', () => {
    expect(cachePartition({ grantedPurpose: 'SCHOOLING' })).toBeNull();
  });
});
