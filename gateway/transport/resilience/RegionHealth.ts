import type { ErrorCode } from '../../../common/errorCodes';

/** Breaker state as operations see it. */
export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** One region's health as `/health/regions` and `/readyz` report it. */
export interface RegionHealthReport {
  subgraph: string;
  region: string | null;
  breaker: BreakerState;
  /** When an open breaker lets the next trial through; null unless open. */
  retryAfterMs: number | null;
  window: { requests: number; successRate: number | null; p50Ms: number | null; p95Ms: number | null; windowMs: number };
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastErrorCode: ErrorCode | null;
}

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

/**
 * The rolling health of one subgraph, fed by live traffic and by active probes alike:
 * success rate and latency percentiles over the last `windowMs`, and the last outcome.
 */
export class RegionHealth {
  private samples: Sample[] = [];
  private lastSuccess: number | null = null;
  private lastFailure: number | null = null;
  private lastCode: ErrorCode | null = null;

  constructor(
    readonly subgraph: string,
    readonly region: string | null,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  success(ms: number): void {
    const at = this.now();
    this.push({ at, ms, ok: true });
    this.lastSuccess = at;
  }

  failure(ms: number, code: ErrorCode): void {
    const at = this.now();
    this.push({ at, ms, ok: false });
    this.lastFailure = at;
    this.lastCode = code;
  }

  report(breaker: BreakerState, retryAfterMs: number | null): RegionHealthReport {
    this.prune();
    const latencies = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const ok = this.samples.filter((s) => s.ok).length;
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      subgraph: this.subgraph,
      region: this.region,
      breaker,
      retryAfterMs,
      window: {
        requests: this.samples.length,
        successRate: this.samples.length ? ok / this.samples.length : null,
        p50Ms: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
        windowMs: this.windowMs,
      },
      lastSuccessAt: iso(this.lastSuccess),
      lastFailureAt: iso(this.lastFailure),
      lastErrorCode: this.lastCode,
    };
  }

  private push(sample: Sample): void {
    this.samples.push(sample);
    this.prune();
  }

  private prune(): void {
    const from = this.now() - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop]!.at < from) drop++;
    if (drop) this.samples.splice(0, drop);
  }
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
