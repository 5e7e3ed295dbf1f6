import type { RequestHandler } from 'express';
import { ERROR_CODES, type ErrorCode } from '../../common/errorCodes';
import { errorBody } from '../../common/httpErrors';

/**
 * Refuses a request that names a persisted query (`extensions.persistedQuery`, Apollo's
 * automatic persisted queries) with `PERSISTED_QUERY_NOT_SUPPORTED` (400) before any
 * GraphQL work: the gateway keeps no query cache (it would invite GET requests carrying
 * permit numbers in URLs). Apollo's own answer was an error the gateway did not know,
 * reported as `INTERNAL_ERROR` with a stack trace in the log for each such request.
 * Mount after the JSON body parser.
 */
export const refusePersistedQueries: RequestHandler = (req, res, next) => {
  const extensions = (req.body as { extensions?: unknown } | undefined)?.extensions;
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return next();
  const code: ErrorCode = 'PERSISTED_QUERY_NOT_SUPPORTED';
  res.status(ERROR_CODES[code].httpStatus).json(errorBody(code, res.locals.requestId as string | undefined));
};
