import type { RequestHandler } from 'express';
import type { Logger } from './logger';
import { carriesGatewayCredential, isGatewayProbe } from './gatewayProbe';
import { saneRequestId } from './referenceIds';
import { traceIdFrom, traceIdOf } from './traceContext';

/**
 * One log line per served request, in the gateway and in every subgraph alike:
 * `{ requestId, traceId, method, path, status, ms }`, message `request served`, so one
 * request's lines join across processes by `requestId` (or `traceId`). No body, no query
 * string, no header but the ids: nothing personal. The request id is the gateway's
 * (`res.locals.requestId`) or, in a subgraph, the `X-Request-Id` the gateway sent when
 * sane (`common/referenceIds.ts`: in format, no personal number); the trace id is the
 * gateway's own (`res.locals.traceId`) or, in a subgraph, that of the gateway's
 * `traceparent`, else derived from the request id. The gateway's health probes
 * (`isGatewayProbe`: the header and a verified gateway credential) and every non-POST
 * (health checks, metrics scrapes, the status page's polling) log at debug.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const requestId = (res.locals.requestId as string | undefined) ?? saneRequestId(req.get('x-request-id'));
      // The gateway names its own trace id (a partner's traceparent is only a link there);
      // a subgraph follows the traceparent of a request with the gateway's credential only.
      const traceparent = carriesGatewayCredential(res) ? traceIdFrom(req.get('traceparent')) : undefined;
      const traceId = (res.locals.traceId as string | undefined) ?? traceparent ?? (requestId ? traceIdOf(requestId) : undefined);
      const line = { requestId, traceId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (isGatewayProbe(req, res) || req.method !== 'POST') logger.debug(line, 'request served');
      else logger.info(line, 'request served');
    });
    next();
  };
}
