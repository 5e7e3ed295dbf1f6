import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express from 'express';
import { parse } from 'graphql';
import { formatError } from '../common/formatError';
import type { Service } from '../common/httpService';
import type { Logger } from '../common/logger';

export interface SubgraphAppOptions<Context extends object> {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<Context>;
  /** Builds the per-request context (loaders live here, one set per request). */
  context: () => Promise<Context>;
  logger: Logger;
  /** Extra routes mounted before `/graphql` (fault injection in mock mode…). */
  routes?: (app: express.Express) => void;
}

/**
 * Builds a subgraph's HTTP service without listening: `POST /graphql` (Apollo Server
 * over the subgraph schema) and `GET /healthz`.
 */
export async function createSubgraphApp<Context extends object>(
  options: SubgraphAppOptions<Context>,
): Promise<Service> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(options.sdl), resolvers: options.resolvers }]);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Subgraphs sit behind the gateway; CSRF prevention belongs to the gateway.
    csrfPrevention: false,
    logger: options.logger,
    // runMain drains on SIGTERM; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    // Federated tracing (ftv1) is for Apollo's cloud reporting, which we do not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  options.routes?.(app);
  app.use('/graphql', express.json({ limit: '5mb' }), expressMiddleware(apollo, { context: options.context }));
  return { handler: app, stop: () => apollo.stop() };
}
