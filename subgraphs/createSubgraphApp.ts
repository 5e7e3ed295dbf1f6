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
import type { FaultInjection } from '../mocks/faults';

export interface SubgraphAppOptions<Context extends object> {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<Context>;
  /** Builds the per-request context (loaders live here, one set per request). */
  context: () => Promise<Context>;
  logger: Logger;
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
  app.use('/graphql', express.json({ limit: '5mb' }), expressMiddleware(apollo, { context: options.context }));
  return { handler: app, stop: () => apollo.stop() };
}

/**
 * Puts fault injection in front of a built subgraph (mock mode): `/__faults` to read and
 * set the faults, and the faults on `/graphql` only. `/healthz` stays out of it on
 * purpose: it says the process lives, nothing more. Whether the region answers is what
 * the gateway's probes ask `/graphql` (`{ __typename }`), so a down or hung region looks
 * down to them as to any client. Without `faults` the service is returned as it is, and
 * `/__faults` does not exist.
 */
export function withFaults(service: Service, faults: FaultInjection | undefined): Service {
  if (!faults) return service;
  const app = express();
  app.disable('x-powered-by');
  app.use('/__faults', faults.routes);
  app.use('/graphql', faults.middleware);
  app.use(service.handler);
  return { handler: app, stop: () => service.stop() };
}
