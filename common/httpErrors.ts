import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERROR_CODES, type ErrorCode } from './errorCodes';

/** A GraphQL-shaped error body for failures before GraphQL runs (bad JSON, size…). */
export function errorBody(code: ErrorCode, requestId: string | undefined) {
  const doc = ERROR_CODES[code];
  return { errors: [{ message: doc.en, extensions: { code, messageEn: doc.en, messageZh: doc.zh, requestId } }] };
}

/** 405 for `/graphql` with any method but POST. */
export const methodNotAllowed: RequestHandler = (_req, res) => {
  res.status(405).set('Allow', 'POST').json(errorBody('METHOD_NOT_ALLOWED', res.locals.requestId as string | undefined));
};

/** 404 for any route the service does not serve. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', res.locals.requestId as string | undefined));
};

/**
 * Turns body-parser and unexpected errors into documented codes: invalid JSON, and any
 * other body the parser refuses as the client's fault (a compressed body that does not
 * inflate…), is `BAD_REQUEST` (400), an oversized body `PAYLOAD_TOO_LARGE` (413),
 * anything else `INTERNAL_ERROR` (500) — never a stack trace.
 */
export function errorHandler(onInternal: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const { type, status } = err as { type?: string; status?: unknown };
    // body-parser's errors carry a 4xx `status`; an inflate error has no `type`.
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    const code: ErrorCode =
      type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : type === 'entity.parse.failed' || type === 'charset.unsupported' || type === 'encoding.unsupported' || clientError
          ? 'BAD_REQUEST'
          : 'INTERNAL_ERROR';
    if (code === 'INTERNAL_ERROR') onInternal(err);
    res.status(ERROR_CODES[code].httpStatus).json(errorBody(code, res.locals.requestId as string | undefined));
  };
}
