import { randomUUID } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { Fetcher } from '@apollo/utils.fetcher';
import express from 'express';
import { formatError } from '../common/formatError';
import type { Service } from '../common/httpService';
import type { Logger } from '../common/logger';
import { composeSupergraph } from './composeSupergraph';
import type { GatewayConfig } from './config';
import { errorHandler, notFound } from './httpErrors';
import { permitArgumentGuard } from './permitArgumentGuard';
import { RegionDataSource } from './RegionDataSource';

export interface GatewayOptions {
  config: GatewayConfig;
  logger: Logger;
  /** HTTP client of every subgraph data source; tests inject one that counts fetches. */
  fetcher?: Fetcher;
}

/** The request id: the caller's `X-Request-Id` when sane, else a new UUID. */
const requestId: express.RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const id = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/**
 * Builds the gateway's HTTP service without listening: the supergraph composed from the
 * subgraphs' SDL files, one `RegionDataSource` per subgraph, `POST /graphql`, `/healthz`.
 */
export async function createGateway(options: GatewayOptions): Promise<Service> {
  const { config, logger } = options;
  const gateway = new ApolloGateway({
    supergraphSdl: composeSupergraph(config.schemaDir, config.subgraphs),
    buildService: ({ name, url }) =>
      new RegionDataSource({
        name,
        url: url ?? '',
        timeoutMs: config.subgraphTimeoutMs,
        fetcher: options.fetcher,
        logger,
      }),
    logger,
  });
  const apollo = new ApolloServer({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    logger,
    // runMain drains on SIGTERM; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [permitArgumentGuard()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(requestId);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    expressMiddleware(apollo, { context: async () => ({}) }),
  );
  app.use(notFound);
  app.use(errorHandler((err) => logger.error({ err }, 'unhandled error in the HTTP app')));
  return { handler: app, stop: () => apollo.stop() };
}
