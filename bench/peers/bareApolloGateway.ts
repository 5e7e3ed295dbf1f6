import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { DEFAULTS } from '../../common/defaults';
import { noApolloReporting } from '../../common/noApolloReporting';
import { gatewayPrivateKey } from '../../common/gatewayCredential';
import { listen, runMain } from '../../common/httpService';
import { createLogger } from '../../common/logger';
import { subgraphCredentials } from '../../gateway/auth/subgraphCredentials';
import { composeSchemas } from '../../gateway/composeSupergraph';
import { loadGatewayConfig } from '../../gateway/config';
import { quietApolloGateway } from '../../gateway/noApolloTelemetry';

/*
 * The bench's baseline peer: a bare @apollo/gateway + @apollo/server over the same
 * supergraph and subgraphs as ours, with none of our protections (no partner token,
 * purpose, rate limit, breaker, timeout, cache, audit). The one thing it must do to be
 * answered at all: present the gateway credential the subgraphs require
 * (gateway/auth/subgraphCredentials.ts). Reads the gateway's env (subgraph URLs,
 * SCHEMA_DIR, PORT, SUBGRAPH_AUTH_PRIVATE_KEY).
 */
const logger = createLogger('bare-apollo-gateway', 'info');
void runMain('bare-apollo-gateway', logger, async () => {
  const config = loadGatewayConfig(process.env);
  const credential = subgraphCredentials(gatewayPrivateKey(config.subgraphAuthPrivateKey));
  const gateway = quietApolloGateway({
    supergraphSdl: composeSchemas(config.schemaDir, config.subgraphs).supergraphSdl,
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource {
        override async willSendRequest(options: GraphQLDataSourceProcessOptions): Promise<void> {
          options.request.http?.headers.set('authorization', await credential(name));
        }
      })({ url }),
  });
  // Its defaults, but nothing sent to Apollo: the bench machine's environment may hold APOLLO_KEY.
  const apollo = new ApolloServer({ gateway, stopOnTerminationSignals: false, plugins: noApolloReporting() });
  await apollo.start();
  const app = express();
  app.post('/graphql', express.json({ limit: config.bodyLimitBytes }), expressMiddleware(apollo));
  return listen({ handler: app, stop: () => apollo.stop() }, config.port, config.host, DEFAULTS.shutdownGraceMs);
});
