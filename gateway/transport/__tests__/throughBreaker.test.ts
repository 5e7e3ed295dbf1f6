import { createLogger } from '../../../common/logger';
import type { BreakerSettings } from '../resilience/BreakerSettings';
import { RegionGuard } from '../resilience/RegionGuard';
import type { Send } from '../Send';
import { throughBreaker } from '../throughBreaker';
import { BREAKER_OPEN, RegionFailure } from '../transportError';
import { refused, subgraphRequest } from './support';

const SETTINGS: BreakerSettings = { timeoutMs: 1_000, errorThresholdPercent: 50, volumeThreshold: 2, rollingWindowMs: 10_000, resetTimeoutMs: 60_000, slowCallDurationMs: 60_000, slowCallRateThresholdPercent: 100, maxConcurrent: 100 };
const httpError = (status: number) => Object.assign(new Error(`${status}`), { extensions: { response: { status } } });

let guard: RegionGuard;
beforeEach(() => {
  guard = new RegionGuard('anhui', 'ANHUI', SETTINGS, createLogger('test', 'silent'));
});
afterEach(() => guard.shutdown());

/** A `Send` that fails with `failures` in turn, then answers; counts its calls. */
function flaky(...failures: Array<() => unknown>): Send & { calls: number } {
  const send = Object.assign(
    async () => {
      const failure = failures[send.calls++];
      if (failure) throw failure();
      return { data: { ok: true } };
    },
    { calls: 0 },
  );
  return send;
}

describe('throughBreaker', () => {
  it('calls a refused connection or a 5xx REGION_UNAVAILABLE and a deadline REGION_TIMEOUT', async () => {
    const timedOut = () => Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    const send = throughBreaker(guard, flaky(refused, () => httpError(503), timedOut));
    await expect(send(subgraphRequest())).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'ECONNREFUSED' });
    guard.applyRemote('closed', null);
    await expect(send(subgraphRequest())).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'HTTP 503' });
    guard.applyRemote('closed', null);
    await expect(send(subgraphRequest())).rejects.toMatchObject({ code: 'REGION_TIMEOUT' });
  });

  it('refuses at once, without sending, once the breaker is open, with the time to its trial', async () => {
    const inner = flaky(refused, refused);
    const send = throughBreaker(guard, inner);
    for (let i = 0; i < 2; i++) await expect(send(subgraphRequest())).rejects.toBeInstanceOf(RegionFailure);
    expect(guard.state).toBe('open');
    const refusal = await send(subgraphRequest()).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: BREAKER_OPEN, retryAfterMs: expect.any(Number) });
    expect(inner.calls).toBe(2);
  });

  it('passes a 4xx on unchanged: the caller’s problem, not the region’s', async () => {
    const badRequest = httpError(400);
    const send = throughBreaker(guard, flaky(() => badRequest, () => badRequest, () => badRequest));
    for (let i = 0; i < 3; i++) await expect(send(subgraphRequest())).rejects.toBe(badRequest);
    expect(guard.state).toBe('closed');
  });
});
