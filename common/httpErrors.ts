import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERROR_CODES, isErrorCode, type ErrorCode } from './errorCodes';
import { yrdError } from './errors';

/**
 * A GraphQL-shaped error body for failures before GraphQL runs (bad JSON, size…);
 * `message` (default: the documented English text) may sharpen it, as `yrdError`'s detail does.
 */
export function errorBody(code: ErrorCode, requestId: string | undefined, message: string = ERROR_CODES[code].en) {
  const doc = ERROR_CODES[code];
  return { errors: [{ message, extensions: { code, messageEn: doc.en, messageZh: doc.zh, requestId } }] };
}

/**
 * 405 for `/graphql` with any method but POST: sets `Allow` and passes `METHOD_NOT_ALLOWED`
 * on to the error handler (the gateway's records the request when its partner is known).
 */
export const methodNotAllowed: RequestHandler = (_req, res, next) => {
  res.set('Allow', 'POST');
  next(yrdError('METHOD_NOT_ALLOWED', {}, { wholeRequest: true }));
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
    const code = errorCodeOf(err);
    if (code === 'INTERNAL_ERROR') onInternal(err);
    res.status(ERROR_CODES[code].httpStatus).json(errorBody(code, res.locals.requestId as string | undefined));
  };
}

/**
 * The documented code of an error an express handler passed on: its own
 * `extensions.code` when documented (a `yrdError`), else as `errorHandler` describes.
 */
export function errorCodeOf(err: unknown): ErrorCode {
  const { type, status, extensions } = (err ?? {}) as { type?: string; status?: unknown; extensions?: { code?: unknown } };
  if (isErrorCode(extensions?.code)) return extensions.code;
  // body-parser's errors carry a 4xx `status`; an inflate error has no `type`.
  const clientError = typeof status === 'number' && status >= 400 && status < 500;
  return type === 'entity.too.large'
    ? 'PAYLOAD_TOO_LARGE'
    : type === 'entity.parse.failed' || type === 'charset.unsupported' || type === 'encoding.unsupported' || clientError
      ? 'BAD_REQUEST'
      : 'INTERNAL_ERROR';
}
