import type { Redis } from 'ioredis';
import { Router } from 'express';
import type { RegionGuard } from '../transport/resilience/RegionGuard';

/**
 * Operations endpoints: `/healthz` (the process is alive), `/readyz` (the supergraph is
 * loaded and Redis, if configured, answers; 503 otherwise; the body lists each region's
 * breaker state) and `/health/regions` (per region: breaker state, success rate and
 * p50/p95 latency over the window, last success, last failure, last error code).
 * A region being down does not make the gateway unready: it still serves the others.
 */
export function healthRoutes(guards: readonly RegionGuard[], redis: Redis | undefined): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let redisState: 'ok' | 'down' | 'not configured' = 'not configured';
    if (redis) {
      redisState = await redis.ping().then(
        () => 'ok' as const,
        () => 'down' as const,
      );
    }
    const ready = redisState !== 'down';
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      supergraph: 'loaded',
      redis: redisState,
      regions: Object.fromEntries(guards.map((g) => [g.subgraph, g.state])),
    });
  });
  router.get('/health/regions', (_req, res) => {
    res.json({ regions: guards.map((g) => g.report()) });
  });
  return router;
}
