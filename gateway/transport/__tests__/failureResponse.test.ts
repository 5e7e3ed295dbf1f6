import { createLogger } from '../../../common/logger';
import { answeringFailures, failureResponse } from '../failureResponse';
import { RegionFailure } from '../transportError';
import { permit, subgraphRequest } from './support';

const target = { subgraph: 'suzhou', region: 'SUZHOU' as const, logger: createLogger('test', 'silent') };

describe('failureResponse', () => {
  it('gives each entity the subgraph would have served its own typed error', () => {
    const res = failureResponse(new RegionFailure('REGION_TIMEOUT', 'TimeoutError'), [permit('A'), permit('B')], target);
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.permitId, e.extensions?.region])).toEqual([
      ['REGION_TIMEOUT', 'A', 'SUZHOU'],
      ['REGION_TIMEOUT', 'B', 'SUZHOU'],
    ]);
    expect(res.errors?.[0]?.message).toMatch(/^Suzhou: /);
  });

  it('gives an open breaker’s refusal its retryAfterMs', () => {
    const res = failureResponse(new RegionFailure('REGION_UNAVAILABLE', 'breaker open', 1234), [], target);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', retryAfterMs: 1234, subgraph: 'suzhou' });
  });

  it('answers a RegionFailure and lets any other error through', async () => {
    const boom = new Error('boom');
    await expect(answeringFailures(async () => Promise.reject(new RegionFailure('REGION_UNAVAILABLE', 'ECONNREFUSED')), target)(subgraphRequest({ reps: [permit('A')] })))
      .resolves.toMatchObject({ errors: [{ extensions: { code: 'REGION_UNAVAILABLE', permitId: 'A' } }] });
    await expect(answeringFailures(async () => Promise.reject(boom), target)(subgraphRequest())).rejects.toBe(boom);
  });
});
