import type { RequestHandler } from 'express';
import { yrdError } from '../../common/errors';

/**
 * Refuses a request that names a persisted query (`extensions.persistedQuery`, Apollo's
 * automatic persisted queries) with `PERSISTED_QUERY_NOT_SUPPORTED` (400) before any
 * GraphQL work: the gateway keeps no query cache (it would invite GET requests carrying
 * permit numbers in URLs). Apollo's own answer was an error the gateway did not know,
 * reported as `INTERNAL_ERROR` with a stack trace in the log for each such request.
 * Passes the refusal to `next(error)`: the route's error handler answers and audits it.
 * Mount after the JSON body parser.
 */
export const refusePersistedQueries: RequestHandler = (req, _res, next) => {
  const extensions = (req.body as { extensions?: unknown } | undefined)?.extensions;
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions)) return next();
  next(yrdError('PERSISTED_QUERY_NOT_SUPPORTED', {}, { wholeRequest: true }));
};
