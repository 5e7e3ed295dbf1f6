import { BULKHEAD_FULL, RegionFailure } from '../transportError';

/**
 * A semaphore bulkhead (resilience4j's, with no wait): at most `maxConcurrent` fetches
 * in flight to one subgraph; one more is refused at once with `REGION_BUSY` rather than
 * queued, so a partner flooding one region gets fast refusals for the excess while every
 * other region keeps its own slots. The refusal happens before the breaker, so load the
 * gateway sheds never counts as the region failing.
 */
export class Bulkhead {
  private inFlight = 0;
  private refusedCount = 0;

  constructor(
    readonly subgraph: string,
    /** Most fetches in flight at once (`BULKHEAD_MAX_CONCURRENT`, default 50). */
    readonly maxConcurrent: number,
  ) {}

  /** Runs `action` in a free slot, or rejects at once with `RegionFailure('REGION_BUSY')`. */
  async run<T>(action: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.maxConcurrent) {
      this.refusedCount++;
      throw new RegionFailure('REGION_BUSY', BULKHEAD_FULL);
    }
    this.inFlight++;
    try {
      return await action();
    } finally {
      this.inFlight--;
    }
  }

  /** Fetches in flight now. */
  get active(): number {
    return this.inFlight;
  }

  /** Fetches refused since start. */
  get refused(): number {
    return this.refusedCount;
  }
}
