import { Router } from 'express';
import { subgraphDisplayNames, type RegionCatalogue } from '../../common/regions';
import type { CacheStats } from '../transport/cache/cacheStats';
import { percentile, type BreakerState } from '../transport/resilience/RegionHealth';
import type { CallOutcome, RegionGuard, StateChange } from '../transport/resilience/RegionGuard';

/** One subgraph's figures over one bucket (default 10 s). Latencies in milliseconds. */
export interface HistoryBucket {
  /** Start of the bucket, ISO 8601. */
  at: string;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  cacheHits: number;
  cacheMisses: number;
  cacheStale: number;
  /** Breaker state at the end of the bucket. */
  breaker: BreakerState;
}

/** One breaker transition, as operations read it. */
export interface Transition {
  /** ISO 8601. */
  at: string;
  subgraph: string;
  region: string | null;
  from: BreakerState;
  to: BreakerState;
  reason: string;
  /** The gateway replica that made the transition (for a remote one, the replica that announced it). */
  replica: string;
}

/** up: serving; degraded: half-open or failing some calls; down: breaker open. */
export type SubgraphStatus = 'up' | 'degraded' | 'down';

export interface HealthHistoryOptions {
  /** This replica's id, shown on its own transitions. */
  replica: string;
  /** Bucket length, milliseconds. Default 10 000. */
  bucketMs?: number;
  /** How far back the buckets go, milliseconds. Default 3 600 000 (60 minutes). */
  spanMs?: number;
  /** Transitions kept. Default 100. */
  maxTransitions?: number;
  /** Below this success ratio in the rolling window a closed breaker's subgraph shows degraded. Default 0.95. */
  degradedBelow?: number;
  now?: () => number;
  /** The regions whose names the snapshot carries: the real catalogue unless a test passes its own. */
  regions?: RegionCatalogue;
}

interface OpenBucket {
  start: number;
  latencies: number[];
  errors: number;
  cacheAtStart: Record<'hit' | 'miss' | 'stale', number>;
}

const REASONS: Record<BreakerState, string> = {
  open: 'failures over the threshold',
  halfOpen: 'reset timeout elapsed; next call is a trial',
  closed: 'trial call succeeded',
};
const SLOW_CALLS = 'slow calls over the threshold (SLOW_CALL_RATE)';

/**
 * The gateway's short memory for operations, kept in this process only: per subgraph the
 * last hour of figures in 10-second buckets (calls, errors, p50/p95 latency, entity-cache
 * answers, breaker state) and the last 100 breaker transitions with the replica that made
 * them. It only listens to what the guards emit (`outcome`, `stateChange`) and reads the
 * cache totals, so it never changes how a breaker behaves. Served as JSON on
 * `/health/history`, which the `/status` page polls. Holds no personal data: counts,
 * durations, subgraph names and replica ids only.
 */
export class HealthHistory {
  private readonly bucketMs: number;
  private readonly keep: number;
  private readonly maxTransitions: number;
  private readonly degradedBelow: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, HistoryBucket[]>();
  private readonly open = new Map<string, OpenBucket>();
  private readonly since = new Map<string, number>();
  private readonly last = new Map<string, BreakerState>();
  private readonly transitions: Transition[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly guards: readonly RegionGuard[],
    private readonly cache: CacheStats | undefined,
    private readonly options: HealthHistoryOptions,
  ) {
    this.bucketMs = options.bucketMs ?? 10_000;
    this.keep = Math.ceil((options.spanMs ?? 3_600_000) / this.bucketMs);
    this.maxTransitions = options.maxTransitions ?? 100;
    this.degradedBelow = options.degradedBelow ?? 0.95;
    this.now = options.now ?? Date.now;
    const start = this.bucketStart(this.now());
    for (const g of guards) {
      this.buckets.set(g.subgraph, []);
      this.open.set(g.subgraph, this.newBucket(g.subgraph, start));
      this.since.set(g.subgraph, this.now());
      this.last.set(g.subgraph, g.state);
      const onOutcome = (o: CallOutcome) => this.record(o);
      const onChange = (c: StateChange) => this.transition(g, c);
      g.on('outcome', onOutcome);
      g.on('stateChange', onChange);
      this.unsubscribe.push(() => {
        g.off('outcome', onOutcome);
        g.off('stateChange', onChange);
      });
    }
    // Tick a little more often than the bucket, so a bucket closes soon after its end.
    this.timer = setInterval(() => this.roll(), Math.max(250, this.bucketMs / 4));
    this.timer.unref();
  }

  /** Closes every bucket that has ended; called by the timer, and before every read. */
  roll(): void {
    const current = this.bucketStart(this.now());
    for (const g of this.guards) {
      const open = this.open.get(g.subgraph)!;
      if (open.start === current) continue;
      const list = this.buckets.get(g.subgraph)!;
      list.push(this.close(g, open));
      // Buckets with no bucket in between (the process was busy) stay missing: a gap, not zeros.
      while (list.length > this.keep) list.shift();
      this.open.set(g.subgraph, this.newBucket(g.subgraph, current));
    }
  }

  /** The JSON of `/health/history`. */
  snapshot() {
    this.roll();
    return {
      replica: this.options.replica,
      bucketMs: this.bucketMs,
      spanMs: this.keep * this.bucketMs,
      generatedAt: new Date(this.now()).toISOString(),
      /** Chinese and English name of every subgraph, from the region catalogue: the page hard-codes none. */
      names: subgraphDisplayNames(this.options.regions),
      subgraphs: this.guards.map((g) => {
        const report = g.report();
        const buckets = this.buckets.get(g.subgraph)!;
        const cache = buckets.reduce((sum, b) => ({ hits: sum.hits + b.cacheHits, lookups: sum.lookups + b.cacheHits + b.cacheMisses }), { hits: 0, lookups: 0 });
        return {
          subgraph: g.subgraph,
          region: g.region,
          status: this.statusOf(report.breaker, report.window.successRate),
          breaker: report.breaker,
          breakerSince: new Date(this.since.get(g.subgraph)!).toISOString(),
          window: report.window,
          lastErrorCode: report.lastErrorCode,
          /** Share of entity lookups answered fresh from the cache over the kept span; null without lookups (the hub, or cache off). */
          cacheHitRatio: cache.lookups ? cache.hits / cache.lookups : null,
          buckets,
        };
      }),
      transitions: [...this.transitions],
    };
  }

  /** Router serving {@link snapshot} on `GET /health/history`. */
  routes(): Router {
    const router = Router();
    router.get('/health/history', (_req, res) => {
      res.set('Cache-Control', 'no-store').json(this.snapshot());
    });
    return router;
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
  }

  private statusOf(breaker: BreakerState, successRate: number | null): SubgraphStatus {
    if (breaker === 'open') return 'down';
    if (breaker === 'halfOpen' || (successRate !== null && successRate < this.degradedBelow)) return 'degraded';
    return 'up';
  }

  private record(o: CallOutcome): void {
    this.roll();
    const open = this.open.get(o.subgraph);
    if (!open) return;
    open.latencies.push(o.ms);
    if (!o.ok) open.errors++;
  }

  private transition(guard: RegionGuard, change: StateChange): void {
    const from = this.last.get(guard.subgraph) ?? 'closed';
    if (from === change.state) return;
    const at = this.now();
    this.last.set(guard.subgraph, change.state);
    this.since.set(guard.subgraph, at);
    const code = guard.report().lastErrorCode;
    const reason = change.remote
      ? `${change.state === 'open' ? 'opened' : 'closed'} by another replica`
      : change.state === 'open' && change.reason === 'SLOW_CALL_RATE'
        ? SLOW_CALLS
        : change.state === 'open' && code
          ? `${REASONS.open} (${code})`
          : REASONS[change.state];
    this.transitions.unshift({
      at: new Date(at).toISOString(),
      subgraph: guard.subgraph,
      region: guard.region,
      from,
      to: change.state,
      reason,
      replica: change.replica ?? this.options.replica,
    });
    this.transitions.length = Math.min(this.transitions.length, this.maxTransitions);
  }

  private close(guard: RegionGuard, open: OpenBucket): HistoryBucket {
    const sorted = open.latencies.sort((a, b) => a - b);
    const cache = this.cache?.of(guard.subgraph) ?? { hit: 0, miss: 0, stale: 0 };
    const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);
    return {
      at: new Date(open.start).toISOString(),
      requests: sorted.length,
      errors: open.errors,
      p50Ms: round(percentile(sorted, 0.5)),
      p95Ms: round(percentile(sorted, 0.95)),
      cacheHits: cache.hit - open.cacheAtStart.hit,
      cacheMisses: cache.miss - open.cacheAtStart.miss,
      cacheStale: cache.stale - open.cacheAtStart.stale,
      breaker: guard.state,
    };
  }

  private newBucket(subgraph: string, start: number): OpenBucket {
    return { start, latencies: [], errors: 0, cacheAtStart: { ...(this.cache?.of(subgraph) ?? { hit: 0, miss: 0, stale: 0 }) } };
  }

  private bucketStart(t: number): number {
    return t - (t % this.bucketMs);
  }
}
