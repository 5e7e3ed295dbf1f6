import type { ApolloServerPlugin } from '@apollo/server';
import { yrdError, type ErrorDetails } from '../../../common/errors';
import { parsePermitNumber } from '../../../common/permitNumber';
import { REGION_INFO, type Region } from '../../../common/regions';
import type { GatewayContext } from '../../GatewayContext';
import type { RegionGuard } from './RegionGuard';

/** Root fields that only name permits: what a region's outage can fail as a whole. */
const PERMIT_ROOTS = new Set(['Query.permit', 'Query.permits', 'Query.recognise']);

/**
 * Refuses at the door, before planning and without any fetch (not even the hub's
 * routing), an operation that can only fail: every root field names permits, every
 * number is well-formed, and every region they name has its breaker open or half-open
 * (`RegionGuard.admitsRequests`). The answer is one `REGION_UNAVAILABLE` (503) naming
 * the regions and, for one permit, its number, with the time to the next trial. An
 * operation that still has something to serve (another region, a malformed item that
 * earns its own error, `regions`) goes on: the open breaker fails exactly that region's
 * items, still without fetching from it. List it after `permitArgumentGuard`.
 */
export function refuseAtTheDoor(guards: readonly RegionGuard[]): ApolloServerPlugin<GatewayContext> {
  const byRegion = new Map<Region, RegionGuard>();
  for (const g of guards) if (g.region) byRegion.set(g.region, g);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          const analysis = contextValue.analysis;
          if (operation?.operation !== 'query' || !analysis?.permitArguments.length) return;
          // Cheap test first: while every breaker is closed, nothing more to look at.
          if (guards.every((g) => g.admitsRequests)) return;
          const roots = analysis.fields.filter((f) => f.coordinate.startsWith('Query.'));
          if (!roots.every((f) => PERMIT_ROOTS.has(f.coordinate))) return;
          const regions = new Set<Region>();
          for (const id of analysis.permitIds) {
            const parsed = parsePermitNumber(id);
            if (!parsed.ok) return;
            regions.add(parsed.region);
          }
          const closed = [...regions].map((r) => byRegion.get(r));
          if (!regions.size || closed.some((g) => !g || g.admitsRequests)) return;
          const retryAfter = closed.map((g) => g!.retryAfterMs()).filter((ms): ms is number => ms !== null);
          const details: ErrorDetails = { regions: [...regions] };
          if (regions.size === 1) Object.assign(details, { region: [...regions][0]!, subgraph: closed[0]!.subgraph });
          if (analysis.permitIds.length === 1) details.permitId = analysis.permitIds[0]!;
          if (retryAfter.length) details.retryAfterMs = Math.min(...retryAfter);
          throw yrdError(
            'REGION_UNAVAILABLE',
            details,
            { detail: `(${[...regions].map((r) => REGION_INFO[r].nameEn).join(', ')}: circuit breaker open)`, wholeRequest: true },
          );
        },
      };
    },
  };
}
