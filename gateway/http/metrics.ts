import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditLog } from '../audit/createAuditLog';
import type { GatewayContext } from '../GatewayContext';
import type { RedisBreaker } from '../redisBudget';
import type { CacheOutcome, CacheStats } from '../transport/cache/cacheStats';
import type { Bulkhead } from '../transport/resilience/Bulkhead';
import type { CallOutcome, RegionGuard, StateChange } from '../transport/resilience/RegionGuard';
import { routeLabel } from './routeLabel';

const BREAKER_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/** What the metrics read besides the guards. */
export interface MetricsSources {
  /** Entity-cache totals per city subgraph. */
  cacheStats?: CacheStats;
  /** The gateway's Redis client; absent without Redis (then no `yrd_redis_up`). */
  redis?: Redis;
  /** Per-subgraph bulkheads: fetches in flight and refusals. */
  bulkheads?: readonly Bulkhead[];
  /** The breaker that stops the gateway waiting for a sick Redis. */
  redisBreaker?: RedisBreaker;
  /** The audit trail: its spool's depth and oldest record's age. */
  auditLog?: Pick<AuditLog, 'spool'>;
}

/**
 * Prometheus metrics of the gateway, served on `GET /metrics` (for the operations
 * network; it carries no personal data — partner ids are organisations, never people):
 * process figures, HTTP responses by status, error codes, per subgraph the call latency
 * histogram and outcomes, breaker state, transitions and short-circuits, entity-cache
 * answers, rate-limit refusals per partner, decisions by host region × service ×
 * decision, per subgraph the bulkhead's fetches in flight and refusals, the audit spool's
 * depth and oldest record's age, and Redis connectivity. The README's "Metrics" table lists them.
 */
export function createMetrics(guards: readonly RegionGuard[], sources: MetricsSources = {}) {
  const { cacheStats, redis, bulkheads, redisBreaker, auditLog } = sources;
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

  const opened = new Counter({
    name: 'yrd_breaker_opened_total',
    help: 'Times the breaker of a subgraph opened, by reason: FAILURE_RATE, SLOW_CALL_RATE or REMOTE (another replica).',
    labelNames: ['subgraph', 'reason'] as const,
    registers: [registry],
  });
  gauge('yrd_subgraph_window_slow_calls', 'Calls to the subgraph slower than its slow-call duration in the rolling window.', (g) => g.report().slowCalls.slow);
  const bulkheadGauge = (name: string, help: string, read: (b: Bulkhead) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['subgraph'] as const,
      registers: [registry],
      collect() {
        for (const b of bulkheads ?? []) this.set({ subgraph: b.subgraph }, read(b));
      },
    });
  bulkheadGauge('yrd_subgraph_in_flight', 'Fetches in flight to the subgraph (its bulkhead slots taken).', (b) => b.active);
  bulkheadGauge('yrd_subgraph_bulkhead_refused', 'Fetches refused with REGION_BUSY since start: the bulkhead was full.', (b) => b.refused);

  if (redisBreaker) {
    new Gauge({
      name: 'yrd_redis_breaker_open',
      help: 'Whether the gateway stopped waiting for Redis (1: breaker open, in-memory fallbacks) or not (0).',
      registers: [registry],
      collect() {
        this.set(redisBreaker.state === 'open' ? 1 : 0);
      },
    });
  }
  const duration = new Histogram({
    name: 'yrd_subgraph_request_duration_seconds',
    help: 'Duration of calls (requests and probes) that reached a subgraph, by subgraph and outcome (ok or error).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'yrd_subgraph_requests_total',
    help: 'Calls that reached a subgraph, by subgraph and code (OK, REGION_UNAVAILABLE, REGION_TIMEOUT).',
    labelNames: ['subgraph', 'code'] as const,
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'yrd_breaker_transitions_total',
    help: 'Breaker transitions per subgraph, by the state entered (open, halfOpen, closed) and whether another replica announced it.',
    labelNames: ['subgraph', 'to', 'remote'] as const,
    registers: [registry],
  });
  const shortCircuits = new Counter({
    name: 'yrd_breaker_short_circuits_total',
    help: 'Calls refused at once by an open breaker, without I/O, per subgraph.',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  });
  for (const g of guards) {
    calls.inc({ subgraph: g.subgraph, code: 'OK' }, 0);
    shortCircuits.inc({ subgraph: g.subgraph }, 0);
    g.on('outcome', (o: CallOutcome) => {
      duration.observe({ subgraph: o.subgraph, outcome: o.ok ? 'ok' : 'error' }, o.ms / 1000);
      calls.inc({ subgraph: o.subgraph, code: o.code ?? 'OK' });
    });
    g.on('stateChange', (c: StateChange) => {
      transitions.inc({ subgraph: c.subgraph, to: c.state, remote: String(c.remote) });
      if (c.state === 'open') opened.inc({ subgraph: c.subgraph, reason: c.reason ?? 'FAILURE_RATE' });
    });
    g.on('shortCircuit', () => shortCircuits.inc({ subgraph: g.subgraph }));
  }
  new Counter({
    name: 'yrd_cache_entities_total',
    help: 'Entities the city cache answered, by subgraph and outcome: hit (fresh), miss (fetched), stale (served stale while the region failed).',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const g of guards) {
        if (!g.region) continue;
        const totals = cacheStats?.of(g.subgraph) ?? { hit: 0, miss: 0, stale: 0 };
        for (const outcome of ['hit', 'miss', 'stale'] as CacheOutcome[]) this.inc({ subgraph: g.subgraph, outcome }, totals[outcome]);
      }
    },
  });
  const rateLimited = new Counter({
    name: 'yrd_gateway_rate_limited_total',
    help: 'Requests refused with RATE_LIMITED, per partner id.',
    labelNames: ['partner'] as const,
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'yrd_gateway_decisions_total',
    help: "Recognition decisions returned, by the partner's host region, the service (purpose) and the decision.",
    labelNames: ['host', 'service', 'decision'] as const,
    registers: [registry],
  });
  if (redis) {
    new Gauge({
      name: 'yrd_redis_up',
      help: "1 while the gateway's Redis connection is ready, else 0.",
      registers: [registry],
      collect() {
        this.set(redis.status === 'ready' ? 1 : 0);
      },
    });
  }
  if (auditLog) {
    new Gauge({
      name: 'yrd_audit_spool_records',
      help: 'Audit records waiting in the spool file for Redis to come back (0 without Redis: the file is then the store of record).',
      registers: [registry],
      collect() {
        this.set(auditLog.spool().records);
      },
    });
    new Gauge({
      name: 'yrd_audit_spool_oldest_age_seconds',
      help: 'Age of the oldest audit record in the spool, seconds (0 when the spool is empty).',
      registers: [registry],
      collect() {
        this.set(auditLog.spool().oldestAgeSeconds);
      },
    });
  }

  /** Counts every response once it is sent, by its route's pattern (routeLabel.ts). */
  const countResponses: RequestHandler = (req, res, next) => {
    res.on('finish', () => {
      responses.inc({ route: routeLabel(req), status: String(res.statusCode) });
    });
    next();
  };

  /** Counts the codes of the errors, and the decisions, in every GraphQL response. */
  const countErrors: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue: ctx }) {
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_ERROR') });
          // The hub's decisions as the gateway received them (the audit's notes), not the
          // partner-shaped response, which aliases could rename.
          for (const d of ctx.audit?.decisions ?? []) {
            decisions.inc({ host: d.host ?? ctx.partner?.region ?? 'unknown', service: d.service ?? ctx.purpose ?? 'none', decision: d.decision });
          }
        },
      };
    },
  };

  const serve: RequestHandler = async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  };

  /** Counts one RATE_LIMITED refusal of `partnerId`. */
  const countRateLimited = (partnerId: string) => rateLimited.inc({ partner: partnerId });

  return { registry, countResponses, countErrors, countRateLimited, serve };
}
