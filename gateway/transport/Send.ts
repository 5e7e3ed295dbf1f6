import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/** One request to a subgraph, as @apollo/gateway hands it to a data source's `process`. */
export type SubgraphRequest = GraphQLDataSourceProcessOptions;

/**
 * Sends one request to a subgraph. Every transport wrapper takes a `Send` and returns
 * one, so the data source is their composition around Apollo's own `process`.
 */
export type Send = (request: SubgraphRequest) => Promise<GatewayGraphQLResponse>;

/** An entity representation of an `_entities` fetch; a permit's carries its number as `id`. */
export type Representation = { __typename: string; id?: unknown };

/** The representations of an entity fetch; undefined for any other request. */
export function representationsOf(request: SubgraphRequest): Representation[] | undefined {
  return request.request.variables?.representations as Representation[] | undefined;
}
