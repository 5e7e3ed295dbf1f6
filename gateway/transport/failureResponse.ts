import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import { yrdError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { REGION_INFO, type Region } from '../../common/regions';
import { representationsOf, type Representation, type Send } from './Send';
import { BREAKER_OPEN, BULKHEAD_FULL, RegionFailure } from './transportError';

/** The subgraph a failure is reported for. */
export interface FailureTarget {
  subgraph: string;
  region: Region | undefined;
  logger: Logger;
}

/**
 * The answer for a subgraph that failed as a transport: one typed error
 * (`REGION_UNAVAILABLE`, `REGION_TIMEOUT`, `REGION_BUSY`) per entity it would have served, named by
 * `extensions.permitId`, or one error when the request fetched no entities. So a failing
 * region fails exactly its own entities, never the whole response.
 */
export function failureResponse(failure: RegionFailure, reps: readonly Representation[], target: FailureTarget): GatewayGraphQLResponse {
  const { subgraph, region, logger } = target;
  const { extensions } = yrdError(failure.code, {
    subgraph,
    region: region ?? null,
    ...(failure.retryAfterMs !== null ? { retryAfterMs: failure.retryAfterMs } : {}),
  });
  const name = region ? REGION_INFO[region].nameEn : subgraph;
  const error = (permitId?: unknown): GraphQLFormattedError => ({
    message: `${name}: ${String(extensions.messageEn)}`,
    extensions: permitId === undefined ? extensions : { ...extensions, permitId: typeof permitId === 'string' ? permitId : null },
  });
  // A refusal by the open breaker is the expected state of an outage, logged once when the
  // breaker opened; logging each would write a line per request for as long as it lasts.
  // So is a full bulkhead under a flood.
  const level = failure.reason === BREAKER_OPEN || failure.reason === BULKHEAD_FULL ? 'debug' : 'warn';
  logger[level]({ subgraph, code: failure.code, reason: failure.reason }, 'subgraph fetch failed');
  return reps.length ? { errors: reps.map((r) => error(r.id)) } : { errors: [error()] };
}

/** Answers a `RegionFailure` of `send` with `failureResponse`; any other error passes. */
export function answeringFailures(send: Send, target: FailureTarget): Send {
  return async (request) => {
    try {
      return await send(request);
    } catch (err) {
      if (!(err instanceof RegionFailure)) throw err;
      return failureResponse(err, representationsOf(request) ?? [], target);
    }
  };
}
