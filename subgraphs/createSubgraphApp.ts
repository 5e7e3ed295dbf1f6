import type { KeyObject } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '../common/apolloInternals';
import express from 'express';
import { parse } from 'graphql';
import { formatError } from '../common/formatError';
import { noApolloReporting } from '../common/noApolloReporting';
import { errorHandler, notFound } from '../common/httpErrors';
import type { HttpService } from '../common/httpService';
import type { Logger } from '../common/logger';
import { traceRequests } from '../common/tracing';
import { requestLog } from '../common/requestLog';
import { operationLimits } from '../common/operationLimits';
import type { FaultInjection } from './faults';
import { requireGatewayCredential } from './requireGatewayCredential';

/**
 * Largest request body a subgraph reads, bytes. The largest the gateway sends is the
 * interop hub's `@requires` fetch for a 500-item `recognise` of one region's permits
 * (DEFAULTS.maxBatchItems): its representations carry each permit's signed record with
 * every disclosure, measured at 1.1 MiB (1,148,285 bytes) over the mock registries,
 * about 2.3 KB a permit; test/subgraphAuth.test.ts measures it again. 4 MiB leaves 3.6
 * times that for longer names, addresses and dependants in real records.
 */
export const SUBGRAPH_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Operation limits of a subgraph. Its operations are the gateway's query plans, not a
 * partner's text: the gateway has checked the partner's operation against its own
 * limits (depth 12, 20 aliases, 5000 tokens, cost), and a plan adds little to it (a
 * level for `_entities`, the `@requires` fields, a 500-id list inlined). These bound
 * what a caller holding a credential could still send. No cost limit: the planner's
 * fetches grow with `@requires` selections the partner never wrote, and depth, aliases
 * and tokens already bound the work.
 */
const SUBGRAPH_OPERATION_LIMITS = { maxDepth: 16, maxAliases: 40, maxDirectives: 40, maxTokens: 20_000, maxCost: null };

/** What the HTTP service of every subgraph needs beside its schema. */
export interface SubgraphHttpOptions {
  /** The gateway's public key: every route but `GET /healthz` needs its credential. */
  gatewayPublicKey: KeyObject;
  /** Fault injection (mock mode): `/__faults`, and the faults on `/graphql`. */
  faults?: FaultInjection;
  /**
   * Routes for the region's own app clients, with their own authentication, mounted
   * before the gateway-credential check (a city's presentation-code issuing).
   */
  appRoutes?: express.Router;
}

export interface SubgraphAppOptions<Context extends object> extends SubgraphHttpOptions {
  name: string;
  sdl: string;
  resolvers: GraphQLResolverMap<Context>;
  /** Builds the per-request context from the request (loaders live here, one set per request). */
  context: (req: express.Request) => Promise<Context>;
  /** The subgraph's own Apollo Server plugins (the hub states its decisions with one). */
  plugins?: ApolloServerPlugin<Context>[];
  logger: Logger;
}

/**
 * Builds a subgraph's HTTP service without listening: `GET /healthz`, open to anyone (it
 * says the process lives, nothing more), and, only with the gateway's credential for
 * this subgraph, `POST /graphql` (Apollo Server over the subgraph schema, with its own
 * body and operation limits) and, with fault injection, `/__faults`.
 *
 * The faults apply to `/graphql` only, after the credential check: the gateway's probes
 * ask `/graphql` (`{ __typename }`) whether the region answers, so a down or hung region
 * looks down to them as to any client.
 */
export async function createSubgraphApp<Context extends object>(
  options: SubgraphAppOptions<Context>,
): Promise<HttpService> {
  const schema = buildSubgraphSchema([{ typeDefs: parse(options.sdl), resolvers: options.resolvers }]);
  const armor = operationLimits(SUBGRAPH_OPERATION_LIMITS);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Subgraphs sit behind the gateway; CSRF prevention belongs to the gateway.
    csrfPrevention: false,
    parseOptions: armor.parseOptions,
    validationRules: armor.validationRules,
    logger: options.logger,
    // runMain drains on SIGTERM; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    // Federated tracing (ftv1) is for Apollo's cloud reporting, which we do not use; nor
    // do we report usage or schema to Apollo, whatever the environment holds.
    plugins: [...armor.plugins, ApolloServerPluginInlineTraceDisabled(), ...noApolloReporting<Context>(), ...(options.plugins ?? [])],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  // After /healthz (polled by orchestrators); every other request is logged with its ids.
  app.use(requestLog(options.logger));
  if (options.appRoutes) app.use(options.appRoutes);
  // Before anything reads the body: a caller without the credential costs a signature check at most.
  app.use(requireGatewayCredential({ publicKey: options.gatewayPublicKey, audience: options.name, logger: options.logger }));
  const { faults } = options;
  if (faults) {
    app.use('/__faults', faults.routes);
    app.use('/graphql', faults.middleware);
  }
  app.use(
    '/graphql',
    // A server span continuing the gateway's traceparent (after the credential: a
    // stranger's traceparent starts no span).
    traceRequests('/graphql', { callerTrace: 'continue' }),
    express.json({ limit: SUBGRAPH_BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: ({ req }) => options.context(req) }),
  );
  app.use(notFound);
  app.use(errorHandler((err) => options.logger.error({ err }, 'unhandled error in the HTTP app')));
  return { handler: app, stop: () => apollo.stop() };
}
