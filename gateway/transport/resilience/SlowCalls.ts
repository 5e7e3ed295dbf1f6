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

/**
 * The slow-call rate of one subgraph over a rolling window, as resilience4j's breaker keeps
 * it: every call, success or failure, taking at least `slowCallDurationMs` is slow; once
 * `volumeThreshold` calls were made in the window, a slow share at or above
 * `slowCallRateThresholdPercent` says the breaker should open. opossum counts failures
 * only, so a region answering in 2.9 s of a 3 s timeout would otherwise never be shed.
 */
export class SlowCalls {
  private calls: Array<{ at: number; slow: boolean }> = [];

  constructor(
    private readonly settings: SlowCallSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one call of `ms` milliseconds; true when the slow-call rate now calls for opening. */
  record(ms: number): boolean {
    this.calls.push({ at: this.now(), slow: ms >= this.settings.slowCallDurationMs });
    const { calls, slow } = this.window();
    return calls >= this.settings.volumeThreshold && (slow / calls) * 100 >= this.settings.slowCallRateThresholdPercent;
  }

  /** Calls and slow calls in the window now. */
  window(): { calls: number; slow: number } {
    const from = this.now() - this.settings.rollingWindowMs;
    this.calls = this.calls.filter((c) => c.at >= from);
    return { calls: this.calls.length, slow: this.calls.filter((c) => c.slow).length };
  }

  /** Forgets every call: a breaker that changes state starts a new count, as resilience4j does. */
  reset(): void {
    this.calls = [];
  }
}
