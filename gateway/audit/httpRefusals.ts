import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES } from '../../common/errorCodes';
import { yrdError } from '../../common/errors';
import { errorBody, errorCodeOf } from '../../common/httpErrors';
import type { GatewayContext } from '../GatewayContext';
import { auditEdgeRefusal } from './auditTrail';
import type { AuditLog } from './createAuditLog';

/** What {@link httpRefusals} needs. */
export interface HttpRefusalsOptions {
  log: AuditLog;
  /**
   * The context of a request as far as the HTTP layer knows it (partner, purpose, case and
   * officer when well formed); rejects when the partner is unknown (no valid token).
   */
  contextOf: (req: Request, res: Response) => Promise<GatewayContext>;
  /** Counts and logs a refusal whose partner is unknown (`unattributedRefusals`). */
  unattributed: (requestId: string, error: unknown) => void;
}

/** Where `/graphql` keeps the context Apollo Server was given, for {@link HttpRefusals.behind}. */
const CONTEXT = 'gatewayContext';

/** The audit of `/graphql` requests that no GraphQL plugin sees. */
export interface HttpRefusals {
  /**
   * Error handler of the `/graphql` routes: answers a refusal made before GraphQL runs
   * (body deadline, body parser, `wellFormedRequest`, persisted queries, a method other
   * than POST) with its documented code, after
   * recording it when the partner is known (exactly one record: the request never
   * reaches Apollo). An internal error is recorded too, then passed on to the app's handler.
   */
  refuse: ErrorRequestHandler;
  /** Keeps the context handed to Apollo Server (its `context` function calls it), for {@link behind}. */
  remember(res: Response, context: GatewayContext): void;
  /**
   * Apollo Server's handler, followed by the record of a request whose context was built
   * but that no plugin recorded (Apollo refusing at the HTTP level after the context, which
   * `wellFormedRequest` should have prevented), so no such request goes unaccounted. The
   * answer is out by then (Apollo's integration writes it), so the record follows it:
   * such an answer is a refusal, and releases nothing.
   */
  behind(apollo: RequestHandler): RequestHandler;
}

/**
 * Every request of a known partner leaves exactly one record, whatever went wrong: the
 * GraphQL plugins (`auditTrail`) and the context (`auditEdgeRefusal`) record what reaches
 * Apollo Server; this records what does not.
 */
export function httpRefusals(options: HttpRefusalsOptions): HttpRefusals {
  const { log } = options;
  return {
    refuse: async (err, req, res, next) => {
      if (res.headersSent) return next(err);
      const code = errorCodeOf(err);
      const error = yrdError(code);
      // The context Apollo was given, if it got that far (its record, if any, is the one).
      const context = (res.locals[CONTEXT] as GatewayContext | undefined) ?? (await options.contextOf(req, res).catch(() => undefined));
      const requestId = res.locals.requestId as string | undefined;
      if (context) await auditEdgeRefusal(log, context, error);
      else options.unattributed(requestId ?? '', error);
      if (code === 'INTERNAL_ERROR') return next(err);
      // A yrdError's message carries its detail; a body parser's is not for the client.
      const message = (err as { extensions?: { code?: unknown } }).extensions?.code === code ? (err as Error).message : undefined;
      res.status(ERROR_CODES[code].httpStatus).json(errorBody(code, requestId, message));
    },
    remember(res, context) {
      res.locals[CONTEXT] = context;
    },
    behind: (apollo) => async (req, res, next) => {
      await apollo(req, res, next);
      const context = res.locals[CONTEXT] as GatewayContext | undefined;
      if (!context || context.audit.recorded) return;
      // Apollo's HTTP-level refusals are all BAD_REQUEST; anything else is a failure of ours.
      const code = res.statusCode >= 400 && res.statusCode < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
      await auditEdgeRefusal(log, context, yrdError(code));
    },
  };
}
