/**
 * Transport and circuit-breaker settings of one subgraph. Each has a gateway-wide env
 * variable (`SUBGRAPH_TIMEOUT_MS`, `BREAKER_…`, `BULKHEAD_MAX_CONCURRENT`) and a per-subgraph override
 * (`ANHUI_TIMEOUT_MS`, `ANHUI_BREAKER_RESET_TIMEOUT_MS`…).
 */
export interface BreakerSettings {
  /** Whole-request timeout, milliseconds. */
  timeoutMs: number;
  /** Failure percentage over the rolling window at which the breaker opens. */
  errorThresholdPercent: number;
  /** Requests needed in the window before the breaker may open. */
  volumeThreshold: number;
  /** Length of the rolling statistics window, milliseconds. */
  rollingWindowMs: number;
  /** Time an open breaker waits before letting one trial request through, milliseconds. */
  resetTimeoutMs: number;
  /** A call (success or failure) taking at least this long counts as slow, milliseconds. */
  slowCallDurationMs: number;
  /**
   * Share of slow calls over the rolling window (once `volumeThreshold` calls were made)
   * at which the breaker opens, percent: slowness sheds a region as failures do.
   */
  slowCallRateThresholdPercent: number;
  /** Bulkhead: most fetches in flight to the subgraph at once; the excess is refused with `REGION_BUSY`. */
  maxConcurrent: number;
}
