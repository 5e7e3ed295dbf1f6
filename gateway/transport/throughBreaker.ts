import type { RegionGuard } from './resilience/RegionGuard';
import type { Send } from './Send';

/**
 * Sends through the subgraph's circuit breaker (`guard.run`). A transport failure
 * rejects as a `RegionFailure` sorted by `classifyFetchError` (beside this file) into
 * `REGION_UNAVAILABLE` or `REGION_TIMEOUT`; an open breaker rejects at once, without a
 * fetch, with reason `BREAKER_OPEN` and the time to its next trial; anything else (a 4xx)
 * rejects unchanged and never counts against the region.
 */
export function throughBreaker(guard: Pick<RegionGuard, 'run'>, send: Send): Send {
  return (request) => guard.run(() => send(request));
}
