/**
 * Caps retries at a fraction of traffic (token bucket): every request earns `ratio` of a
 * token, every retry spends one, the bucket holds at most `max`. A failing region thus
 * gets at most ~ratio × requests extra load, never a retry storm.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    private readonly ratio = 0.1,
    private readonly max = 10,
  ) {
    this.tokens = max;
  }

  /** Called once per request. */
  deposit(): void {
    this.tokens = Math.min(this.max, this.tokens + this.ratio);
  }

  /** Takes a token for one retry; false when the budget is spent. */
  withdraw(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
