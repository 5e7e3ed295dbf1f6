import type { ErrorCode } from '../../common/errorCodes';

/** The reason of a `RegionFailure` raised by an open breaker, without any I/O. */
export const BREAKER_OPEN = 'breaker open';

/** The reason of a `RegionFailure` raised by a full bulkhead, without any I/O. */
export const BULKHEAD_FULL = 'bulkhead full';

/**
 * A subgraph failed as a transport, not as a GraphQL server: refused, reset, timed out,
 * 5xx, or the gateway did not call it (breaker open, bulkhead full). Carries the
 * client-facing code.
 */
export class RegionFailure extends Error {
  constructor(
    readonly code: Extract<ErrorCode, 'REGION_UNAVAILABLE' | 'REGION_TIMEOUT' | 'REGION_BUSY'>,
    readonly reason: string,
    /** For an open breaker: milliseconds until the next trial request. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'RegionFailure';
  }
}

/**
 * Sorts an error thrown while fetching from a subgraph: a transport failure becomes a
 * `RegionFailure`; a 4xx answer (the subgraph understood and refused the request) is
 * not the region's fault and comes back `undefined`, so it never trips a breaker.
 * Except 401 and 403: the subgraph refused the gateway's own credential (a key pair that
 * does not match), which no partner request causes and every request will meet, so the
 * region is unavailable to this gateway and its breaker should say so.
 */
export function classifyFetchError(err: unknown): RegionFailure | undefined {
  if (err instanceof RegionFailure) return err;
  // By shape, not `instanceof Error`: fetch rejects with a DOMException of Node's own
  // realm, which is no `Error` of another realm (a vm context, jest), and a timeout
  // must stay a timeout there too.
  if (typeof err !== 'object' || err === null) return new RegionFailure('REGION_UNAVAILABLE', String(err));
  const { name, message } = err as { name?: unknown; message?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return new RegionFailure('REGION_TIMEOUT', name);
  const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  if (typeof status === 'number') {
    if (status === 401 || status === 403) return new RegionFailure('REGION_UNAVAILABLE', `HTTP ${status}: gateway credential refused`);
    return status >= 500 ? new RegionFailure('REGION_UNAVAILABLE', `HTTP ${status}`) : undefined;
  }
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return new RegionFailure('REGION_UNAVAILABLE', cause ?? String(message));
}

/** True for failures where the request surely never reached the subgraph's resolvers. */
export function isConnectionFailure(failure: RegionFailure): boolean {
  return /ECONNREFUSED|ECONNRESET|EPIPE|UND_ERR_SOCKET/.test(failure.reason);
}
