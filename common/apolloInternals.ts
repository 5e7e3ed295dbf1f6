/**
 * The one door into Apollo packages' `dist/` internals: names they use but do not export
 * from their package entry. Each line here is a coupling to an unpublished path that an
 * Apollo upgrade may move; lint (eslint.config.mjs) refuses a `dist/` import anywhere
 * else, so an upgrade breaks here, in one file, and nowhere silently.
 */

/** What a gateway fetch is for: a partner's operation, a health check, loading the schema. Not exported by `@apollo/gateway`'s entry. */
export { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';

/** A subgraph's resolver map, as `buildSubgraphSchema` takes it. Not exported by `@apollo/subgraph`'s entry. */
export type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';

/**
 * `@apollo/gateway`'s telemetry module, whose `createDataCollectionExporter` its
 * constructor calls unless told not to (gateway/noApolloTelemetry.ts); the same module
 * object the library uses, so a test can spy on it.
 */
export * as apolloGatewayTelemetry from '@apollo/gateway/dist/utilities/opentelemetry';
