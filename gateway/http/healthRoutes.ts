import type { Redis } from 'ioredis';
import { Router } from 'express';
import type { RegionGuard } from '../transport/resilience/RegionGuard';

/**
 * Operations endpoints: `/healthz` (the process is alive), `/readyz` (the supergraph is
 * loaded: 200, ready; the body lists each region's breaker state and Redis's state) and
 * `/health/regions` (per region: breaker state and why it opened, success rate, p50/p95
 * latency and slow calls over the window, last success, last failure, last error code).
 * Neither a region being down nor Redis being down or hung makes the gateway unready: it
 * still serves, the other regions and on its in-memory fallbacks (README "Redis outage");
 * behind a readiness-gated load balancer, a Redis outage would otherwise be a full outage.
 * Redis is `ok`, `degraded` (does not answer within its budget, or its breaker is open)
 * or `not configured`.
 */
export function healthRoutes(guards: readonly RegionGuard[], redis: Redis | undefined): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let redisState: 'ok' | 'degraded' | 'not configured' = 'not configured';
    if (redis) {
      // Budgeted like every command (gateway/redisBudget.ts): at once while its breaker is open.
      redisState = await redis.ping().then(
        () => 'ok' as const,
        () => 'degraded' as const,
      );
    }
    res.json({
      status: 'ready',
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
