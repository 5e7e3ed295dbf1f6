import { GraphQLDataSourceRequestKind } from '../../../common/apolloInternals';
import { DEFAULTS } from '../../../common/defaults';
import { parse } from 'graphql';
import type { Representation, SubgraphRequest } from '../Send';

const ENTITIES = /* GraphQL */ `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Permit { id status } } }`;

/** An incoming-operation request of `operation` (query or mutation) for `context`. */
export function subgraphRequest(options: { reps?: Representation[]; operation?: 'query' | 'mutation'; context?: object } = {}): SubgraphRequest {
  const query = options.operation === 'mutation' ? /* GraphQL */ `mutation { touch }` : ENTITIES;
  const context = (options.context ?? {}) as Record<string, unknown>;
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables: options.reps ? { representations: options.reps } : {} },
    document: parse(query),
    context,
    incomingRequestContext: {} as never,
  };
}

/** A permit representation. */
export const permit = (id: string): Representation => ({ __typename: 'Permit', id });

export const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

/** A region guard's settings at their defaults (common/defaults.ts), as a gateway starts with them. */
export const defaultGuardSettings = {
  timeoutMs: DEFAULTS.subgraphTimeoutMs,
  errorThresholdPercent: DEFAULTS.breakerErrorThresholdPercent,
  volumeThreshold: DEFAULTS.breakerVolumeThreshold,
  rollingWindowMs: DEFAULTS.breakerRollingWindowMs,
  resetTimeoutMs: DEFAULTS.breakerResetTimeoutMs,
  slowCallDurationMs: DEFAULTS.breakerSlowCallDurationMs,
  slowCallRateThresholdPercent: DEFAULTS.breakerSlowCallRateThresholdPercent,
  maxConcurrent: DEFAULTS.bulkheadMaxConcurrent,
};
