import type { RequestHandler } from 'express';
import { ERROR_CODES } from '../../common/errorCodes';
import { errorBody } from '../../common/httpErrors';

/**
 * Answers `REQUEST_TIMEOUT` (408, `Connection: close`) when the request body has not
 * arrived `ms` milliseconds after the request reached this handler (`BODY_TIMEOUT_MS`,
 * default 5000). Bodies are read before authentication, so without it anyone could hold a
 * connection by trickling a byte every few seconds (seen: one for 319 s). Node closes the
 * connection once the answer is sent, which ends the body parser's read. Mount before it.
 */
export function bodyDeadline(ms: number): RequestHandler {
  return (req, res, next) => {
    if (req.readableEnded) return next();
    const timer = setTimeout(() => {
      if (req.readableEnded || res.headersSent) return;
      res
        .status(ERROR_CODES.REQUEST_TIMEOUT.httpStatus)
        .set('Connection', 'close')
        .json(errorBody('REQUEST_TIMEOUT', res.locals.requestId as string | undefined));
    }, ms);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    res.once('close', clear);
    next();
  };
}
