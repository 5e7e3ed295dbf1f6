import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError } from 'graphql';
import { yrdError } from '../common/errors';

/**
 * Operation limits of graphql-armor, applied while the operation is validated, before
 * planning: depth, aliases, directives, tokens and cost, and no field suggestions (they
 * would reveal the schema to anyone). Every rejection carries `QUERY_TOO_COMPLEX`, which
 * `formatError` keeps. The largest legitimate operations (a 500-item batch with its
 * decision and reasons) stay well inside them.
 */
export function operationLimits() {
  const tooComplex = [
    (_: unknown, err: GraphQLError) => Object.assign(err.extensions, yrdError('QUERY_TOO_COMPLEX').extensions),
  ];
  return new ApolloArmor({
    maxDepth: { n: 12, onReject: tooComplex },
    maxAliases: { n: 20, onReject: tooComplex },
    maxDirectives: { n: 20, onReject: tooComplex },
    maxTokens: { n: 5000, onReject: tooComplex },
    costLimit: { maxCost: 5000, onReject: tooComplex },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}
