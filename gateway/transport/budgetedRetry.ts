import { getOperationAST } from 'graphql';
import type { Logger } from '../../common/logger';
import type { RegionGuard } from './resilience/RegionGuard';
import { RetryBudget } from './resilience/RetryBudget';
import type { Send, SubgraphRequest } from './Send';
import { RegionFailure, isConnectionFailure } from './transportError';

/** What `budgetedRetry` needs besides the `Send` it wraps. */
export interface BudgetedRetryOptions {
  /** Subgraph name, for the log. */
  subgraph: string;
  /** The subgraph's breaker: no retry unless it is closed. */
  guard: Pick<RegionGuard, 'state'>;
  /** Shared by every request of this subgraph. Default: `new RetryBudget()` (10 % of traffic, at most 10). */
  budget?: RetryBudget;
  logger: Logger;
}

/**
 * Retries a request once, from the subgraph's retry budget, when it is a query and
 * failed to connect (so surely never reached a resolver). Never a mutation: it may have
 * taken effect. Never while the breaker is open or half-open: the retry would be refused,
 * or would spend the one trial request.
 */
export function budgetedRetry(send: Send, options: BudgetedRetryOptions): Send {
  const { subgraph, guard, logger } = options;
  const budget = options.budget ?? new RetryBudget();
  return async (request) => {
    budget.deposit();
    try {
      return await send(request);
    } catch (err) {
      const retryable =
        err instanceof RegionFailure && isConnectionFailure(err) && guard.state === 'closed' && isQuery(request) && budget.withdraw();
      if (!retryable) throw err;
      logger.info({ subgraph, reason: (err as RegionFailure).reason }, 'retrying query once');
      return send(request);
    }
  };
}

function isQuery(request: SubgraphRequest): boolean {
  const document = 'document' in request ? request.document : undefined;
  return document ? getOperationAST(document)?.operation === 'query' : false;
}
