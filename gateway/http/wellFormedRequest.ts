import type { RequestHandler } from 'express';
import { yrdError } from '../../common/errors';

/** What a GraphQL answer can be sent as; Apollo Server answers in the first one the client accepts. */
const ANSWER_TYPES = ['application/json', 'application/graphql-response+json'];

/**
 * Refuses, before any GraphQL work, what Apollo Server would refuse only at the HTTP
 * level — outside its plugins, so unaudited, and for the `Accept` header only after
 * running the operation (a presented code was spent, the partner got 406):
 *
 * - an `Accept` that takes neither JSON type: `NOT_ACCEPTABLE` (406);
 * - a body that is not `application/json` (a `text/plain` or form body is how a
 *   cross-site request forgery would come; Apollo's own check): `BAD_REQUEST`;
 * - a JSON body that is not one request object (an array of operations, no keys), a
 *   `query` that is not a string, `variables` or `extensions` that are not objects (a
 *   JSON-encoded string among them), an `operationName` that is not a string: `BAD_REQUEST`.
 *
 * Passes each refusal to `next(error)`: the route's error handler answers and audits it.
 * Mount after the JSON body parser.
 */
export const wellFormedRequest: RequestHandler = (req, _res, next) => {
  if (!req.accepts(ANSWER_TYPES)) {
    return next(yrdError('NOT_ACCEPTABLE', {}, { wholeRequest: true }));
  }
  if (!req.is('application/json')) {
    const detail = '(send Content-Type: application/json; any other body could be a Cross-Site Request Forgery)';
    return next(yrdError('BAD_REQUEST', {}, { detail, wholeRequest: true }));
  }
  const problem = shapeProblem(req.body);
  if (problem) return next(yrdError('BAD_REQUEST', {}, { detail: `(${problem})`, wholeRequest: true }));
  next();
};

/** Why a parsed JSON body is not one GraphQL request, or undefined when it is. */
function shapeProblem(body: unknown): string | undefined {
  if (Array.isArray(body)) return 'one operation per request: arrays of operations are not accepted';
  if (!isRecord(body) || Object.keys(body).length === 0) return 'the body must be a JSON object with a query';
  if ('query' in body && body.query !== null && typeof body.query !== 'string') return '`query` must be a string';
  for (const key of ['variables', 'extensions'] as const) {
    if (key in body && body[key] !== null && !isRecord(body[key])) return `\`${key}\` must be an object, not a string or a list`;
  }
  if ('operationName' in body && body.operationName !== null && typeof body.operationName !== 'string') return '`operationName` must be a string';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
