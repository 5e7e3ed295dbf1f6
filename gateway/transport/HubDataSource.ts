import type { GraphQLSchema } from 'graphql';
import { statedDecisions } from '../../common/statedDecisions';
import { confirmedExistence } from './confirmedExistence';
import { localRouting } from './localRouting';
import { RegionDataSource, type RegionDataSourceOptions } from './RegionDataSource';

export interface HubDataSourceOptions extends Omit<RegionDataSourceOptions, 'cache' | 'around'> {
  /**
   * The data source of the city that resolves a permit `__typename`, which confirms the
   * permits the hub answers by number alone (`confirmedExistence`).
   */
  cityOf: (typename: string) => RegionDataSource | undefined;
  /**
   * The hub's routing schema (`routingSchema`), with which the gateway answers
   * routing-only fetches itself (`localRouting`) instead of sending them.
   */
  routing: GraphQLSchema;
}

/**
 * The gateway's transport to the interop hub: a `RegionDataSource` without a cache (the
 * hub holds no permit data; its answers depend on the decision date) that answers
 * routing-only fetches itself (`localRouting`), has the issuing cities confirm the
 * permits the hub answers by number alone (`confirmedExistence`), and notes for the
 * request's audit the decisions the hub states in its answer (`statedDecisions`).
 */
export class HubDataSource extends RegionDataSource {
  constructor(options: HubDataSourceOptions) {
    const { cityOf, routing } = options;
    super({
      ...options,
      around: (send) => confirmedExistence(localRouting(send, routing), (typename) => cityOf(typename)?.sendRequestOf()),
      onAnswer: (context, request, response) => {
        context?.audit?.decisions.push(...statedDecisions(response.extensions));
        options.onAnswer?.(context, request, response);
      },
    });
  }
}
