import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * The plugins that keep an Apollo Server from calling Apollo, for every server of ours
 * (the gateway, each subgraph, the bench's Apollo peer). Apollo Server installs usage
 * reporting by itself when `APOLLO_KEY` and `APOLLO_GRAPH_REF` are in the environment, and
 * schema reporting when `APOLLO_SCHEMA_REPORTING=true` (`ApolloServer#addDefaultPlugins`);
 * each then posts to Apollo's cloud. A disabled plugin of the same id stops both, whatever
 * the environment of the host happens to hold. The default landing page, a page that
 * loads Apollo's explorer from Apollo's CDN into the visitor's browser, goes too: the
 * gateway serves its own explorer, a subgraph none.
 */
export function noApolloReporting<TContext extends BaseContext>(): ApolloServerPlugin<TContext>[] {
  return [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginLandingPageDisabled()];
}
