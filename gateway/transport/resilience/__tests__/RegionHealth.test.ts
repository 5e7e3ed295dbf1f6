import { RegionHealth, percentile } from '../RegionHealth';

const WINDOW_MS = 60_000;
const START = Date.parse('2024-05-01T12:00:00.000Z');

/** A health model on a clock the test moves by hand. */
function healthAt(start = START) {
  const clock = { now: start };
  const health = new RegionHealth('anhui', 'CN-AH', WINDOW_MS, () => clock.now);
  return { health, clock };
}

describe('RegionHealth', () => {
  it('reports no requests, no rate and no latencies before any sample', () => {
    const { health } = healthAt();
    expect(health.report('closed', null)).toEqual({
      subgraph: 'anhui',
      region: 'CN-AH',
      breaker: 'closed',
      retryAfterMs: null,
      window: { requests: 0, successRate: null, p50Ms: null, p95Ms: null, windowMs: WINDOW_MS },
      lastSuccessAt: null,
      lastFailureAt: null,
      lastErrorCode: null,
    });
  });

  it('computes the success rate over successes and failures in the window', () => {
    const { health } = healthAt();
    health.success(10);
    health.success(20);
    health.success(30);
    health.failure(40, 'REGION_UNAVAILABLE');
    expect(health.report('closed', null).window).toMatchObject({ requests: 4, successRate: 0.75 });
  });

  it('reports p50 and p95 latencies by nearest rank, whatever order the samples came in', () => {
    const { health } = healthAt();
    for (const ms of [100, 1, 50, 20, 10, 90, 30, 80, 40, 70, 60, 2, 3, 4, 5, 6, 7, 8, 9, 95]) health.success(ms);
    // 20 samples: p50 is the 10th smallest, p95 the 19th.
    expect(health.report('closed', null).window).toMatchObject({ p50Ms: 10, p95Ms: 95 });
  });

  it('drops samples older than the window', () => {
    const { health, clock } = healthAt();
    health.failure(500, 'REGION_TIMEOUT');
    clock.now += 30_000;
    health.success(10);
    clock.now += 30_001; // the failure is now WINDOW_MS + 1 old, the success 30 s + 1 ms
    expect(health.report('closed', null).window).toMatchObject({ requests: 1, successRate: 1, p50Ms: 10, p95Ms: 10 });
    clock.now += 30_000;
    expect(health.report('closed', null).window).toMatchObject({ requests: 0, successRate: null, p50Ms: null });
  });

  it('keeps a sample exactly one window old', () => {
    const { health, clock } = healthAt();
    health.success(10);
    clock.now += WINDOW_MS;
    expect(health.report('closed', null).window.requests).toBe(1);
  });

  it('remembers the last success, last failure and last error code even after the window moves on', () => {
    const { health, clock } = healthAt();
    health.success(5);
    clock.now += 1_000;
    health.failure(7, 'REGION_TIMEOUT');
    clock.now += 1_000;
    health.failure(9, 'REGION_UNAVAILABLE');
    clock.now += 10 * WINDOW_MS;
    const report = health.report('open', 1234);
    expect(report).toMatchObject({
      breaker: 'open',
      retryAfterMs: 1234,
      lastSuccessAt: '2024-05-01T12:00:00.000Z',
      lastFailureAt: '2024-05-01T12:00:02.000Z',
      lastErrorCode: 'REGION_UNAVAILABLE',
    });
    expect(report.window.requests).toBe(0);
  });

  it('keeps the last error code after a later success', () => {
    const { health } = healthAt();
    health.failure(9, 'REGION_TIMEOUT');
    health.success(3);
    expect(health.report('closed', null).lastErrorCode).toBe('REGION_TIMEOUT');
  });
});

describe('percentile', () => {
  it('is null for no values', () => {
    expect(percentile([], 0.5)).toBeNull();
  });

  it('returns the only value for any p', () => {
    expect(percentile([42], 0)).toBe(42);
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 1)).toBe(42);
  });

  it('takes the smallest value for p 0 and the largest for p 1', () => {
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('rounds the rank up (nearest rank), never interpolates', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.51)).toBe(3);
    expect(percentile([10, 20, 30], 0.95)).toBe(30);
  });

  it('clamps a p outside 0..1 to the ends', () => {
    expect(percentile([1, 2, 3], -1)).toBe(1);
    expect(percentile([1, 2, 3], 2)).toBe(3);
  });
});
