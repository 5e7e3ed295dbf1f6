import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, trace, type Span, type SpanContext } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { RequestHandler } from 'express';
import type { RunningService } from './httpService';
import { isGatewayProbe } from './gatewayProbe';
import { parseTraceparent } from './traceContext';

/**
 * OpenTelemetry tracing, off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Off, every span
 * below is the API's no-op and nothing is sent anywhere; the trace ids of the logs
 * (`traceContext`) are the same either way, so a trace found in the tracing UI and a
 * request's log lines share one id.
 */

/** The tracer of every process (the API's no-op until `startTracing` registers a provider). */
export const tracer = trace.getTracer('yrd-interop-gateway');

// The trace id the next root span takes (see `startServerSpan`); set and cleared around one synchronous call.
let nextTraceId: string | undefined;

/**
 * Starts exporting this process's spans to the OTLP/HTTP (JSON) collector at `endpoint`
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://otel-collector:4318`; spans go to
 * `<endpoint>/v1/traces`), batched, as `service.name` = `serviceName`. Without `endpoint`
 * it does nothing. Returns the stop, which sends what is batched; call it once, at exit.
 */
export function startTracing(serviceName: string, endpoint: string | undefined): () => Promise<void> {
  if (!endpoint) return async () => undefined;
  // Loaded here, not imported above: the SDK and exporter only when tracing is on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { registerSpanExport } = require('./tracingExport') as typeof import('./tracingExport');
  return registerSpanExport(serviceName, `${endpoint.replace(/\/+$/, '')}/v1/traces`, () => nextTraceId);
}

/** `running`, whose close also stops tracing (after the server: the last requests' spans are sent). */
export function closingTracing(running: RunningService, stopTracing: () => Promise<void>): RunningService {
  return {
    ...running,
    close: async () => {
      await running.close();
      await stopTracing();
    },
  };
}

/**
 * What a server span does with the caller's well-formed `traceparent`: `continue` it (a
 * subgraph, whose caller is the gateway, checked by its credential), or only `link` it
 * (the gateway, whose callers are partners: their header must choose neither our trace
 * id nor our sampling).
 */
export type CallerTrace = 'continue' | 'link';

/**
 * The server span of one request. With `continue` it continues a well-formed
 * `traceparent`; otherwise (always, with `link`) it is a root span with the trace id
 * `traceId` (the gateway's own, derived from its audit id) or, without one, a random trace
 * id, and with `link` the caller's span, when well formed, is a link of it. With tracing
 * off the span is a non-recording one that still carries the request's trace id (and a
 * fresh span id), so the subgraph fetches' `traceparent` carries it too.
 */
export function startServerSpan(name: string, traceparent: string | undefined, traceId?: string, callerTrace: CallerTrace = 'link'): Span {
  const caller = parseTraceparent(traceparent);
  const parent = callerTrace === 'continue' ? caller : undefined;
  const links = callerTrace === 'link' && caller ? [{ context: caller }] : [];
  const options = { kind: SpanKind.SERVER, root: !parent, links };
  let span: Span;
  try {
    nextTraceId = parent ? undefined : traceId;
    span = tracer.startSpan(name, options, parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT);
  } finally {
    nextTraceId = undefined;
  }
  if (span.isRecording()) return span;
  const id = parent?.traceId ?? traceId;
  // The span id from randomUUID, which draws from a pooled entropy buffer: a randomBytes call per request was ~1 % of the gateway's CPU.
  return id ? trace.wrapSpanContext({ traceId: id, spanId: randomUUID().replace(/-/g, '').slice(0, 16), traceFlags: parent?.traceFlags ?? TraceFlags.SAMPLED }) : span;
}

/** How `traceRequests` treats a request's trace. */
export interface TraceRequestsOptions {
  /** The caller's `traceparent`: continued or only linked (`CallerTrace`). */
  callerTrace: CallerTrace;
  /** Names the request's trace id (the gateway's own); unset: random, or the caller's when continued. */
  traceIdOf?: (res: Parameters<RequestHandler>[1]) => string | undefined;
}

/**
 * Express middleware: one server span per POST to `route` (the gateway's health probes,
 * `isGatewayProbe`, and every other method go untraced), named by the route as mounted,
 * not the URL (which could carry anything), and holding only the method, route and
 * status — never the body, query string or any header. The span is active for the rest
 * of the request and kept in `res.locals.span`. Use after the request id is set.
 */
export function traceRequests(route: string, options: TraceRequestsOptions): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || isGatewayProbe(req, res)) return next();
    const span = startServerSpan(`POST ${route}`, req.get('traceparent'), options.traceIdOf?.(res), options.callerTrace);
    span.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: 'POST', [ATTR_HTTP_ROUTE]: route });
    res.locals.span = span;
    res.once('close', () => {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}

/**
 * Runs `work` in a client span named `name`, child of `parent` (else of the active span),
 * active while `work` runs (so `activeSpanContext` gives it to the fetch's `traceparent`),
 * ended when `work` settles. `work` sets the span's attributes from its outcome.
 */
export async function inClientSpan<T>(name: string, parent: SpanContext | undefined, work: (span: Span) => Promise<T>): Promise<T> {
  const parentContext = parent ? trace.setSpanContext(context.active(), parent) : context.active();
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT }, parentContext);
  try {
    return await context.with(trace.setSpan(parentContext, span), () => work(span));
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}

/** The active span's context while tracing records it, else `fallback` (the request's trace when tracing is off). */
export function activeSpanContext(fallback: SpanContext | undefined): SpanContext | undefined {
  const active = trace.getActiveSpan();
  return active?.isRecording() ? active.spanContext() : fallback;
}
