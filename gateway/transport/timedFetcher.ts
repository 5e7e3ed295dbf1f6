import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * Gives every fetch a deadline of `timeoutMs` milliseconds (the subgraph's
 * `SUBGRAPH_TIMEOUT_MS`) through an `AbortSignal.timeout`: aborting frees the socket,
 * which a timer racing the promise would not, and the signal's timer goes with it
 * (nothing to clear). The fetch rejects with a `TimeoutError`, which the breaker calls
 * `REGION_TIMEOUT`.
 */
export function timedFetcher(fetcher: Fetcher, timeoutMs: number): Fetcher {
  // Fetcher's init has no `signal` in its type, but every fetch it wraps honours one.
  return (url, init) => fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as typeof init);
}
