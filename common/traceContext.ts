import { createHash, randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) as far as the gateway and the
 * subgraphs need it to join one request's log lines: the gateway derives the trace id
 * from its request id, so every fetch of one request carries the same trace id without
 * the id travelling through the request pipeline, and each subgraph logs it with the
 * `X-Request-Id` it was sent.
 */

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** The 32-hex-digit trace id of the request `requestId` (a digest of it; never all zeros in practice). */
export function traceIdOf(requestId: string): string {
  return createHash('sha256').update(requestId).digest('hex').slice(0, 32);
}

/** A `traceparent` for one fetch of the request `requestId`: its trace id, a fresh span id, sampled. */
export function traceparentFor(requestId: string): string {
  return `00-${traceIdOf(requestId)}-${randomBytes(8).toString('hex')}-01`;
}

/** The trace id of a well-formed `traceparent` header (version 00), or undefined for anything else. */
export function traceIdFrom(header: string | undefined): string | undefined {
  const match = header ? TRACEPARENT.exec(header) : null;
  return match && !/^0+$/.test(match[1]!) ? match[1] : undefined;
}

/** A request id as the gateway accepts and forwards it: 1–64 of letters, digits, `_ . -`. */
export const REQUEST_ID_PATTERN = /^[\w.-]{1,64}$/;
