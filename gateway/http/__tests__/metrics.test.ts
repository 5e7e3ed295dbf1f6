import express from 'express';
import request from 'supertest';
import { createLogger } from '../../../common/logger';
import { CacheStats } from '../../transport/cache/cacheStats';
import { RegionGuard } from '../../transport/resilience/RegionGuard';
import { createMetrics } from '../metrics';

/* The metrics operations page on, fed by what the guards and the cache report. */

const SETTINGS = { timeoutMs: 1000, errorThresholdPercent: 50, volumeThreshold: 2, rollingWindowMs: 10_000, resetTimeoutMs: 60_000, slowCallDurationMs: 60_000, slowCallRateThresholdPercent: 100, maxConcurrent: 100 };
const refused = () => Promise.reject(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));

let guard: RegionGuard;
afterEach(() => guard.shutdown());

async function scrape(cacheStats?: CacheStats, countRateLimited?: (m: ReturnType<typeof createMetrics>) => void): Promise<string> {
  const metrics = createMetrics([guard], { cacheStats });
  countRateLimited?.(metrics);
  await guard.run(async () => 'ok');
  for (let i = 0; i < 2; i++) await guard.run(refused).catch(() => undefined);
  await guard.run(async () => 'ok').catch(() => undefined); // short-circuited: the breaker is open
  const app = express().get('/metrics', metrics.serve);
  return (await request(app).get('/metrics').expect(200)).text;
}

it('counts calls by code, their latency, breaker transitions and short-circuits per subgraph', async () => {
  guard = new RegionGuard('hangzhou', 'HANGZHOU', SETTINGS, createLogger('test', 'silent'));
  const text = await scrape();
  expect(text).toContain('yrd_subgraph_requests_total{subgraph="hangzhou",code="OK"} 1');
  expect(text).toContain('yrd_subgraph_requests_total{subgraph="hangzhou",code="REGION_UNAVAILABLE"} 2');
  expect(text).toContain('yrd_subgraph_request_duration_seconds_count{subgraph="hangzhou",outcome="error"} 2');
  expect(text).toContain('yrd_breaker_transitions_total{subgraph="hangzhou",to="open",remote="false"} 1');
  expect(text).toContain('yrd_breaker_short_circuits_total{subgraph="hangzhou"} 1');
  expect(text).toContain('yrd_breaker_state{subgraph="hangzhou"} 2');
  expect(text).not.toContain('yrd_redis_up'); // no Redis configured
});

it('reports the cache totals and rate-limit refusals per partner', async () => {
  guard = new RegionGuard('suzhou', 'SUZHOU', SETTINGS, createLogger('test', 'silent'));
  const cache = new CacheStats();
  cache.count('suzhou', 'hit', 3);
  cache.count('suzhou', 'stale', 1);
  const text = await scrape(cache, (m) => {
    m.countRateLimited('sz-school');
    m.countRateLimited('sz-school');
  });
  expect(text).toContain('yrd_cache_entities_total{subgraph="suzhou",outcome="hit"} 3');
  expect(text).toContain('yrd_cache_entities_total{subgraph="suzhou",outcome="miss"} 0');
  expect(text).toContain('yrd_cache_entities_total{subgraph="suzhou",outcome="stale"} 1');
  expect(text).toContain('yrd_gateway_rate_limited_total{partner="sz-school"} 2');
});
