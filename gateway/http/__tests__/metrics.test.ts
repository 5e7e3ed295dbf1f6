import express from 'express';
import request from 'supertest';
import { createLogger } from '../../../common/logger';
import { CacheStats } from '../../transport/cache/cacheStats';
import { RegionGuard } from '../../transport/resilience/RegionGuard';
import { notFound } from '../../../common/httpErrors';
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

it('labels responses by the registered route, so /STATUS, /Status/ and random 404 paths add no label value', async () => {
  guard = new RegionGuard('anhui', 'ANHUI', SETTINGS, createLogger('test', 'silent'));
  const metrics = createMetrics([guard]);
  const app = express();
  app.use(metrics.countResponses);
  app.get('/status', (_req, res) => void res.send('page'));
  app.get(['/', '/explorer'], (_req, res) => void res.send('page'));
  app.get('/metrics', metrics.serve);
  app.use(notFound);
  for (const path of ['/status', '/STATUS', '/Status/', '/sTaTuS//', '/EXPLORER/', '/', '/random-404-a', '/random-404-b/x', '/metrics']) {
    await request(app).get(path);
  }
  const text = (await request(app).get('/metrics').expect(200)).text;
  // '/sTaTuS//' is no route of the app (one trailing slash at most): a 404, counted as other.
  const routes = [...text.matchAll(/^yrd_gateway_http_responses_total\{route="([^"]*)"/gm)].map((m) => m[1]);
  expect(new Set(routes)).toEqual(new Set(['/status', '/explorer', '/', 'other', '/metrics']));
  expect(text).toMatch(/^yrd_gateway_http_responses_total\{route="\/status",status="200"\} 3$/m);
  expect(text).toMatch(/^yrd_gateway_http_responses_total\{route="other",status="404"\} 3$/m);
});
