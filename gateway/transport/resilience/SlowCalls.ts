/** Why a breaker opened: too many failures, too many slow calls, or another replica said so. */
export type OpenReason = 'FAILURE_RATE' | 'SLOW_CALL_RATE' | 'REMOTE';

/** What {@link SlowCalls} needs: the slow-call part of a subgraph's `BreakerSettings`. */
export interface SlowCallSettings {
  /** A call taking at least this long is slow, milliseconds. */
  slowCallDurationMs: number;
  /** Share of slow calls at which the breaker should open, percent. */
  slowCallRateThresholdPercent: number;
  /** Calls needed in the window before the rate counts. */
  volumeThreshold: number;
  /** The rolling window, milliseconds. */
  rollingWindowMs: number;
}

/** Buckets the rolling window is counted in. */
const BUCKETS = 10;

/**
 * The slow-call rate of one subgraph over a rolling window, as resilience4j's breaker keeps
 * it: every call, success or failure, taking at least `slowCallDurationMs` is slow; once
 * `volumeThreshold` calls were made in the window, a slow share at or above
 * `slowCallRateThresholdPercent` says the breaker should open. opossum counts failures
 * only, so a region answering in 2.9 s of a 3 s timeout would otherwise never be shed.
 * Calls are counted in buckets of a tenth of the window (as resilience4j's time-based
 * window counts per second): a call costs the same whatever the rate, and a bucket leaves
 * the window once its start has.
 */
export class SlowCalls {
  private buckets: Array<{ index: number; calls: number; slow: number }> = [];
  private readonly bucketMs: number;

  constructor(
    private readonly settings: SlowCallSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = Math.max(1, settings.rollingWindowMs / BUCKETS);
  }

  /** Records one call of `ms` milliseconds; true when the slow-call rate now calls for opening. */
  record(ms: number): boolean {
    const index = Math.floor(this.now() / this.bucketMs);
    let bucket = this.buckets[this.buckets.length - 1];
    if (bucket?.index !== index) this.buckets.push((bucket = { index, calls: 0, slow: 0 }));
    bucket.calls++;
    if (ms >= this.settings.slowCallDurationMs) bucket.slow++;
    const { calls, slow } = this.window();
    return calls >= this.settings.volumeThreshold && (slow / calls) * 100 >= this.settings.slowCallRateThresholdPercent;
  }

  /** Calls and slow calls in the window now. */
  window(): { calls: number; slow: number } {
    const from = this.now() - this.settings.rollingWindowMs;
    while (this.buckets.length && this.buckets[0]!.index * this.bucketMs < from) this.buckets.shift();
    let calls = 0;
    let slow = 0;
    for (const b of this.buckets) {
      calls += b.calls;
      slow += b.slow;
    }
    return { calls, slow };
  }

  /** Forgets every call: a breaker that changes state starts a new count, as resilience4j does. */
  reset(): void {
    this.buckets = [];
  }
}
