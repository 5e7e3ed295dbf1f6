import type { ApolloServerPlugin } from '@apollo/server';
import { yrdError } from '../../common/errors';
import type { GatewayContext } from '../GatewayContext';
import type { OperationAnalysis } from './OperationAnalysis';

/**
 * What a request costs, in rate-limit units: one per permit or decision it names — each
 * `permit(id:)`, each id of `permits(ids:)`, each request of `recognise(requests:)`, each
 * `verifyPresentation(code:)` — times the decisions each item can produce when it asks
 * for more than one (`decisionsPerItem`: every `Recognition` field, aliases included),
 * summed over every field and alias, `@skip`/`@include` regardless; at least 1 (an
 * operation naming no permit still costs a request). So 20 aliases of `permits` with 500
 * ids each cost 10,000 units, not 1, and 19 aliased `recognition` fields on each of 500
 * permits cost 9,500, not 500.
 */
export function requestCost(analysis: Pick<OperationAnalysis, 'permitArguments'>): number {
  return Math.max(1, namedItems(analysis));
}

/** The permits and decisions an operation names across all its fields and aliases: each item once, or once per decision it asks. */
export function namedItems(analysis: Pick<OperationAnalysis, 'permitArguments'>): number {
  return analysis.permitArguments.reduce((sum, a) => sum + a.values.length * Math.max(1, a.decisionsPerItem), 0);
}

/** What {@link requestCostGuard} needs. */
export interface RequestCostGuardOptions {
  /** Most permits and decisions one request may name across all its fields (default 500). */
  maxItems: number;
  /**
   * Takes `units` more from the partner's allowance, or throws `RATE_LIMITED`. The first
   * unit was taken at the door, before the operation was parsed, so `units` is the cost less one.
   */
  charge: (partnerId: string, units: number) => Promise<void>;
}

/**
 * Refuses a request naming more than `maxItems` permits and decisions in total
 * (`REQUEST_TOO_LARGE`, 400: a batch limit per field alone lets aliases multiply it), then
 * charges the rest of its cost ({@link requestCost}) to the partner's allowance. List it
 * after `operationAnalyser()` and `permitArgumentGuard()`, so an oversized single batch
 * keeps its own `BATCH_TOO_LARGE`.
 */
export function requestCostGuard(options: RequestCostGuardOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          const { analysis, partner } = contextValue;
          if (!analysis || !partner) return;
          const items = namedItems(analysis);
          if (items > options.maxItems) {
            throw yrdError('REQUEST_TOO_LARGE', { max: options.maxItems, got: items }, { wholeRequest: true });
          }
          await options.charge(partner.id, requestCost(analysis) - 1);
        },
      };
    },
  };
}
