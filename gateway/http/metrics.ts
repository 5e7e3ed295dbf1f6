import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RegionGuard } from '../transport/resilience/RegionGuard';

const BREAKER_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Prometheus metrics of the gateway, served on `GET /metrics` (for the operations
 * network; it carries no personal data): process figures, HTTP responses by status,
 * error codes, and per subgraph the breaker state and the rolling-window figures of
 * `/health/regions`, read from the same health model at scrape time.
 */
export function createMetrics(guards: readonly RegionGuard[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'yrd_gateway_' });
  const responses = new Counter({
    name: 'yrd_gateway_http_responses_total',
    help: 'HTTP responses of the gateway by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'yrd_gateway_errors_total',
    help: 'GraphQL errors sent to partners, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const gauge = (name: string, help: string, read: (g: RegionGuard) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['subgraph'] as const,
      registers: [registry],
      collect() {
        for (const g of guards) {
          const value = read(g);
          if (value !== null) this.set({ subgraph: g.subgraph }, value);
        }
      },
    });
  gauge('yrd_breaker_state', 'Circuit breaker per subgraph: 0 closed, 1 half-open, 2 open.', (g) => BREAKER_VALUE[g.state]);
  gauge('yrd_subgraph_window_requests', 'Requests and probes to the subgraph in the rolling window.', (g) => g.report().window.requests);
  gauge('yrd_subgraph_window_success_ratio', 'Share of successful requests in the rolling window.', (g) => g.report().window.successRate);
  gauge('yrd_subgraph_window_latency_p95_seconds', 'p95 latency over the rolling window.', (g) => {
    const p95 = g.report().window.p95Ms;
    return p95 === null ? null : p95 / 1000;
  });

  /** Counts every response once it is sent. */
  const countResponses: RequestHandler = (req, res, next) => {
    res.on('finish', () => {
      const route = req.path === '/graphql' ? '/graphql' : req.route ? req.path : 'other';
      responses.inc({ route, status: String(res.statusCode) });
    });
    next();
  };

  /** Counts the codes of the errors in every GraphQL response. */
  const countErrors: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_ERROR') });
        },
      };
    },
  };

  const serve: RequestHandler = async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  };

  return { registry, countResponses, countErrors, serve };
}
