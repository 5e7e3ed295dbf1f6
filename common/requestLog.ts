import type { RequestHandler } from 'express';
import type { Logger } from './logger';
import { saneRequestId } from './referenceIds';
import { traceIdFrom, traceIdOf } from './traceContext';

/**
 * One log line per served request, in the gateway and in every subgraph alike:
 * `{ requestId, traceId, method, path, status, ms }`, message `request served`, so one
 * request's lines join across processes by `requestId` (or `traceId`). No body, no query
 * string, no header but the ids: nothing personal. The request id is the gateway's
 * (`res.locals.requestId`) or, in a subgraph, the `X-Request-Id` the gateway sent when
 * sane (`common/referenceIds.ts`: in format, no personal number); the trace id comes from `traceparent`, else from the request id. Requests marked
 * `x-yrd-probe` (the gateway's health probes) and every non-POST (health checks, metrics
 * scrapes, the status page's polling) log at debug.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const requestId = (res.locals.requestId as string | undefined) ?? saneRequestId(req.get('x-request-id'));
      const traceId = traceIdFrom(req.get('traceparent')) ?? (requestId ? traceIdOf(requestId) : undefined);
      const line = { requestId, traceId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (req.get('x-yrd-probe') || req.method !== 'POST') logger.debug(line, 'request served');
      else logger.info(line, 'request served');
    });
    next();
  };
}
