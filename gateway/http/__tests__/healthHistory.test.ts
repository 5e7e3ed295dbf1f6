import { createLogger } from '../../../common/logger';
import { CacheStats } from '../../transport/cache/cacheStats';
import { RegionGuard } from '../../transport/resilience/RegionGuard';
import { HealthHistory } from '../healthHistory';

/* The gateway's short memory for operations: 10-second buckets over an hour, the last transitions. */

const SETTINGS = { timeoutMs: 1000, errorThresholdPercent: 50, volumeThreshold: 2, rollingWindowMs: 10_000, resetTimeoutMs: 60_000, slowCallDurationMs: 60_000, slowCallRateThresholdPercent: 100, maxConcurrent: 100 };
const logger = createLogger('test', 'silent');
const refused = () => Promise.reject(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));

let clock = Date.UTC(2026, 10, 1, 8, 0, 0);
let guards: RegionGuard[];
let cache: CacheStats;
let history: HealthHistory;

beforeEach(() => {
  clock = Date.UTC(2026, 10, 1, 8, 0, 0);
  guards = [new RegionGuard('hangzhou', 'HANGZHOU', SETTINGS, logger), new RegionGuard('interop', null, SETTINGS, logger)];
  cache = new CacheStats();
  history = new HealthHistory(guards, cache, { replica: 'gw-a', now: () => clock });
});
afterEach(() => {
  history.stop();
  for (const g of guards) g.shutdown();
});

const hangzhou = () => history.snapshot().subgraphs.find((s) => s.subgraph === 'hangzhou')!;

it('closes a bucket per 10 seconds with its calls, errors, latency percentiles and cache answers', async () => {
  for (let i = 0; i < 3; i++) await guards[0]!.run(async () => 'ok');
  await guards[0]!.run(refused).catch(() => undefined);
  cache.count('hangzhou', 'hit', 3);
  cache.count('hangzhou', 'miss', 1);
  expect(hangzhou().buckets).toEqual([]); // the bucket is still open
  clock += 10_000;
  const [bucket] = hangzhou().buckets;
  expect(bucket).toMatchObject({ at: '2026-11-01T08:00:00.000Z', requests: 4, errors: 1, cacheHits: 3, cacheMisses: 1, cacheStale: 0 });
  expect(bucket!.p50Ms).not.toBeNull();
  expect(bucket!.p95Ms).toBeGreaterThanOrEqual(bucket!.p50Ms!);
  expect(hangzhou().cacheHitRatio).toBe(0.75);
  expect(history.snapshot().subgraphs.find((s) => s.subgraph === 'interop')!.cacheHitRatio).toBeNull();
});

it('keeps the last 60 minutes of buckets and drops older ones', () => {
  for (let i = 0; i < 400; i++) {
    clock += 10_000;
    history.roll();
  }
  const buckets = hangzhou().buckets;
  expect(buckets).toHaveLength(360);
  expect(Date.parse(buckets.at(-1)!.at) - Date.parse(buckets[0]!.at)).toBe(359 * 10_000);
});

it('records a breaker opening with its reason and this replica, and shows the subgraph down since then', async () => {
  clock += 1234;
  await guards[0]!.run(refused).catch(() => undefined);
  await guards[0]!.run(refused).catch(() => undefined);
  const snapshot = history.snapshot();
  expect(snapshot.transitions).toEqual([
    {
      at: '2026-11-01T08:00:01.234Z',
      subgraph: 'hangzhou',
      region: 'HANGZHOU',
      from: 'closed',
      to: 'open',
      reason: expect.stringContaining('REGION_UNAVAILABLE'),
      replica: 'gw-a',
    },
  ]);
  expect(hangzhou()).toMatchObject({ status: 'down', breaker: 'open', breakerSince: '2026-11-01T08:00:01.234Z' });
});

it('names the replica that announced a remote opening, not this one', () => {
  guards[0]!.applyRemote('open', clock, 'REMOTE', 'gw-b');
  guards[0]!.applyRemote('closed', null, 'REMOTE', 'gw-b');
  expect(history.snapshot().transitions.map((t) => [t.from, t.to, t.replica])).toEqual([
    ['open', 'closed', 'gw-b'],
    ['closed', 'open', 'gw-b'],
  ]);
});

it('keeps only the last 100 transitions, newest first', () => {
  for (let i = 0; i < 60; i++) {
    clock += 1;
    guards[0]!.applyRemote('open', clock, 'REMOTE', `gw-${i}`);
    guards[0]!.applyRemote('closed', null, 'REMOTE', `gw-${i}`);
  }
  const { transitions } = history.snapshot();
  expect(transitions).toHaveLength(100);
  expect(transitions[0]).toMatchObject({ to: 'closed', replica: 'gw-59' });
  expect(transitions.at(-1)).toMatchObject({ to: 'open', replica: 'gw-10' });
});
