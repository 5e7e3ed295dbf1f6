import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERROR_CODES } from '../../common/errorCodes';
import { yrdError } from '../../common/errors';
import { errorBody } from '../../common/httpErrors';

/**
 * Answers `REQUEST_TIMEOUT` (408, `Connection: close`) when the request body has not
 * arrived `ms` milliseconds after the request reached this handler (`BODY_TIMEOUT_MS`,
 * default 5000). Bodies are read before authentication, so without it anyone could hold a
 * connection by trickling a byte every few seconds (seen: one for 319 s). Node closes the
 * connection once the answer is sent, which ends the body parser's read. Mount before it.
 * `answer`, when given, answers instead (with the `REQUEST_TIMEOUT` error): the route's
 * error handler, so the refusal is audited like the others.
 */
export function bodyDeadline(ms: number, answer?: ErrorRequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.readableEnded) return next();
    const timer = setTimeout(() => {
      if (req.readableEnded || res.headersSent) return;
      // Whatever arrives now stays unread: the parser must not hand a late body to GraphQL
      // while the refusal is being recorded and sent.
      req.pause();
      res.set('Connection', 'close');
      if (answer) return void answer(yrdError('REQUEST_TIMEOUT', {}, { wholeRequest: true }), req, res, () => undefined);
      res.status(ERROR_CODES.REQUEST_TIMEOUT.httpStatus).json(errorBody('REQUEST_TIMEOUT', res.locals.requestId as string | undefined));
    }, ms);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    next();
  };
}
