import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { Fetcher } from '@apollo/utils.fetcher';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import helmet from 'helmet';
import { yrdError } from '../common/errors';
import { formatError } from '../common/formatError';
import { gatewayPrivateKey } from '../common/gatewayCredential';
import { errorHandler, methodNotAllowed, notFound } from '../common/httpErrors';
import { operationLimits } from '../common/operationLimits';
import type { HttpService } from '../common/httpService';
import type { Logger } from '../common/logger';
import { REGION_INFO, regionForSubgraph } from '../common/regions';
import { createCacheCipher } from './transport/cache/cacheCipher';
import { memoryEntityCache, redisEntityCache, type EntityCache } from './transport/cache/entityCache';
import { auditTrail } from './audit/auditTrail';
import { createAuditLog } from './audit/createAuditLog';
import { loadPartnerRegistry } from './auth/loadPartnerRegistry';
import { subgraphCredentials } from './auth/subgraphCredentials';
import { verifiedTokens } from './auth/verifiedTokens';
import { composeSupergraph } from './composeSupergraph';
import type { GatewayConfig } from './config';
import { newGatewayContext, type GatewayContext } from './GatewayContext';
import { healthRoutes } from './http/healthRoutes';
import { internalErrorLog } from './http/internalErrorLog';
import { createMetrics } from './http/metrics';
import { operationAnalyser } from './operation/operationAnalyser';
import { permitArgumentGuard } from './operation/permitArgumentGuard';
import { purposeGuard } from './operation/purpose/purposeGuard';
import { consumeRequest, createRateLimiter } from './http/rateLimit';
import { createRedis, readyOrTimeout } from './redis';
import { routingSchema } from './transport/localRouting';
import { RegionDataSource } from './transport/RegionDataSource';
import { startBreakerSync } from './transport/resilience/breakerSync';
import { startHealthProbes } from './transport/resilience/healthProbes';
import { RegionGuard } from './transport/resilience/RegionGuard';
import { refuseAtTheDoor } from './transport/resilience/refuseAtTheDoor';
import { StaleReport } from './transport/StaleReport';

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
 * A partner's reference header (`X-Case-Id`, `X-Officer-Id`), which goes into the audit
 * trail: an opaque id of at most 64 characters, never free text (it could carry a name).
 */
function referenceHeader(req: express.Request, name: string): string | undefined {
  const value = req.get(name);
  if (value === undefined || /^[\w.:/-]{1,64}$/.test(value)) return value;
  throw yrdError('BAD_REQUEST', { header: name }, { detail: `(${name}: up to 64 letters, digits and . _ : / -)`, wholeRequest: true });
}

/**
 * Builds the gateway's HTTP service without listening: the supergraph composed from the
 * subgraphs' SDL files, one guarded `RegionDataSource` per subgraph, health probes,
 * breaker state shared through Redis when configured, `POST /graphql` and the
 * operations endpoints.
 */
export async function createGateway(options: GatewayOptions): Promise<HttpService> {
  const { config, logger } = options;
  const supergraphSdl = composeSupergraph(config.schemaDir, config.subgraphs);

  const redis = createRedis(config.redisUrl, logger);
  if (redis) await readyOrTimeout(redis, 2000);
  const guards = config.subgraphs.map(({ name, breaker }) => {
    return new RegionGuard(name, regionForSubgraph(name) ?? null, breaker, logger);
  });
  const guardOf = (name: string) => guards.find((g) => g.subgraph === name)!;
  const { ttlSeconds, staleSeconds } = config.cache;
  const lifeMs = (ttlSeconds + staleSeconds) * 1000;
  const store: EntityCache | undefined =
    ttlSeconds > 0
      ? redis
        ? redisEntityCache(redis, lifeMs, logger, { keyPrefix: config.redisKeyPrefix, cipher: createCacheCipher(config.cache.encryptionKey) })
        : memoryEntityCache(lifeMs)
      : undefined;

  const staleReport = new StaleReport();
  const credential = subgraphCredentials(gatewayPrivateKey(config.subgraphAuthPrivateKey));
  const verifyToken = verifiedTokens(loadPartnerRegistry(config.auth), config.auth);
  const limiter = createRateLimiter(config.rateLimit, redis, config.redisKeyPrefix);
  const auditLog = createAuditLog({ redis, logger, ...config.audit });
  // The largest legitimate operations (a 500-item batch with its decision and reasons)
  // stay well inside these.
  const armor = operationLimits({ maxDepth: 12, maxAliases: 20, maxDirectives: 20, maxTokens: 5000, maxCost: 5000 });
  const metrics = createMetrics(guards);

  const routing = routingSchema(readFileSync(join(config.schemaDir, 'interop.graphql'), 'utf8'));
  // Filled as Apollo builds the data sources; the hub's reads it only when a request runs.
  const cityByTypename = new Map<string, RegionDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new RegionDataSource({
        name,
        url: url ?? '',
        guard: guardOf(name),
        credential,
        // The hub answers lookups by number alone; the cities confirm what nothing else will.
        cityOf: name === 'interop' ? (typename) => cityByTypename.get(typename) : undefined,
        // …and their routing answer is a function of the number: no round trip to the hub for it.
        routing: name === 'interop' ? routing : undefined,
        // The hub holds no permit data; its answers depend on the decision date.
        cache: store && name !== 'interop' ? { store, ttlMs: ttlSeconds * 1000, staleMs: staleSeconds * 1000, report: staleReport } : undefined,
        fetcher: options.fetcher,
        logger,
      });
      const region = regionForSubgraph(name);
      if (region) cityByTypename.set(REGION_INFO[region].permitTypename, source);
      return source;
    },
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Automatic persisted queries would cache operations by hash and invite GET requests.
    persistedQueries: false,
    // Introspection is gated by the `schema:explore` scope in purposeGuard, not here.
    introspection: true,
    parseOptions: armor.parseOptions,
    validationRules: armor.validationRules,
    logger,
    // runMain drains on SIGTERM; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      // Apollo's landing page loads its explorer from a CDN; government networks are closed.
      ApolloServerPluginLandingPageDisabled(),
      // Order matters: the one analysis of the operation, who and what for, then which
      // permits, then the rest.
      operationAnalyser<GatewayContext>(),
      purposeGuard<GatewayContext>(),
      permitArgumentGuard(),
      refuseAtTheDoor(guards),
      staleReport.plugin(),
      auditTrail(auditLog),
      internalErrorLog(logger),
      metrics.countErrors,
    ],
  });
  await apollo.start();
  const stopProbes = startHealthProbes(
    config.subgraphs.map(({ name, url }) => ({ url, guard: guardOf(name) })),
    config.probeIntervalMs,
    credential,
    logger,
  );
  const stopSync = redis ? await startBreakerSync(redis, guards, logger, config.redisKeyPrefix) : async () => undefined;

  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(requestId);
  app.use(metrics.countResponses);
  app.use(healthRoutes(guards, redis));
  app.get('/metrics', metrics.serve);
  // POST only: a GET would put permit numbers in URLs, and so in proxy and access logs.
  app.post(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    expressMiddleware(apollo, {
      // Authenticate and count the request before any GraphQL work; both throw a
      // whole-request error (401, 429) that Apollo answers with its HTTP status.
      context: async ({ req, res }) => {
        const verified = await verifyToken(req.get('authorization'));
        await consumeRequest(limiter, verified.partner.id);
        return newGatewayContext(String(res.locals.requestId), {
          ...verified,
          purpose: req.get('x-purpose'),
          caseId: referenceHeader(req, 'x-case-id'),
          officerId: referenceHeader(req, 'x-officer-id'),
        });
      },
    }),
  );
  app.all('/graphql', methodNotAllowed);
  app.use(notFound);
  app.use(errorHandler((err) => logger.error({ err }, 'unhandled error in the HTTP app')));
  return {
    handler: app,
    stop: async () => {
      stopProbes();
      await apollo.stop();
      await auditLog.close();
      await stopSync();
      for (const g of guards) g.shutdown();
      redis?.disconnect();
    },
  };
}
