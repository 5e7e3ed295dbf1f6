import { createHash } from 'node:crypto';
import type { SpanContext } from '@opentelemetry/api';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) as far as the gateway and the
 * subgraphs need it to join one request's log lines and spans. One trace id scheme,
 * whether OpenTelemetry tracing (`tracing.ts`) is on or off: the gateway derives a
 * request's trace id from its own audit id (a fresh UUID) — never from the partner's
 * `X-Request-Id`, and a partner's `traceparent` is kept as a span link, never continued,
 * so the partner chooses neither our trace id nor our sampling. The
 * gateway's server span takes that trace id, every subgraph fetch sends it in its
 * `traceparent` (which the subgraph, behind the gateway's credential, continues), and
 * each process logs it with the `X-Request-Id` it was sent.
 */

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The 32-hex-digit trace id of the request of id `requestId` (a digest of it; never all zeros in practice). */
export function traceIdOf(requestId: string): string {
  return createHash('sha256').update(requestId).digest('hex').slice(0, 32);
}

/** The span context of a well-formed `traceparent` header (version 00, ids not all zeros), or undefined for anything else. */
export function parseTraceparent(header: string | undefined): SpanContext | undefined {
  const match = header ? TRACEPARENT.exec(header) : null;
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16) & 1, isRemote: true };
}

/** The trace id of a well-formed `traceparent` header, or undefined for anything else. */
export function traceIdFrom(header: string | undefined): string | undefined {
  return parseTraceparent(header)?.traceId;
}

/** The `traceparent` header that makes `span` the parent of the callee's spans. */
export function traceparentOf(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-0${span.traceFlags & 1}`;
}
