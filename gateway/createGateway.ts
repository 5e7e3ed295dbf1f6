import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { quietApolloGateway } from './noApolloTelemetry';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Span } from '@opentelemetry/api';
import express from 'express';
import helmet from 'helmet';
import { DEFAULTS } from '../common/defaults';
import { yrdError } from '../common/errors';
import { formatError } from '../common/formatError';
import { noApolloReporting } from '../common/noApolloReporting';
import { gatewayPrivateKey } from '../common/gatewayCredential';
import { errorHandler, methodNotAllowed, notFound } from '../common/httpErrors';
import { operationLimits } from '../common/operationLimits';
import type { HttpService } from '../common/httpService';
import type { Logger } from '../common/logger';
import { REFERENCE_ID_PATTERN, REQUEST_ID_PATTERN, holdsPersonalNumber, saneRequestId } from '../common/referenceIds';
import { requestLog } from '../common/requestLog';
import { traceIdOf } from '../common/traceContext';
import { traceRequests } from '../common/tracing';
import { REGION_INFO, regionForSubgraph } from '../common/regions';
import { createCacheCipher } from './transport/cache/cacheCipher';
import { CacheStats } from './transport/cache/cacheStats';
import { layeredEntityCache, memoryEntityCache, redisEntityCache, type EntityCache } from './transport/cache/entityCache';
import { auditEdgeRefusal, auditTrail } from './audit/auditTrail';
import { httpRefusals } from './audit/httpRefusals';
import { noteSubgraphAnswer } from './audit/noteSubgraphAnswer';
import { unattributedRefusals } from './audit/unattributedRefusals';
import { checkpointStore } from './audit/checkpoints';
import { createAuditLog } from './audit/createAuditLog';
import { loadPartnerRegistry } from './auth/loadPartnerRegistry';
import { subgraphCredentials } from './auth/subgraphCredentials';
import { verifiedTokens } from './auth/verifiedTokens';
import { composeSchemas } from './composeSupergraph';
import type { GatewayConfig } from './config';
import { newGatewayContext, type GatewayContext } from './GatewayContext';
import { HealthHistory } from './http/healthHistory';
import { healthRoutes } from './http/healthRoutes';
import { pageRoutes } from './http/pages';
import { bodyDeadline } from './http/bodyDeadline';
import { internalErrorLog } from './http/internalErrorLog';
import { refusePersistedQueries } from './http/persistedQueries';
import { wellFormedRequest } from './http/wellFormedRequest';
import { explorerRoutes } from './http/explorer';
import { createMetrics } from './http/metrics';
import { noShadowingAliases } from './operation/noShadowingAliases';
import { operationAnalyser } from './operation/operationAnalyser';
import { permitArgumentGuard } from './operation/permitArgumentGuard';
import { requestCostGuard } from './operation/requestCost';
import { purposeGuard } from './operation/purpose/purposeGuard';
import { consumeRequest, createRateLimiter } from './http/rateLimit';
import { createRedis, readyOrTimeout } from './redis';
import { withRedisBudget } from './redisBudget';
import { CONSENT_POLICY } from './operation/presentation/consentPolicy';
import { presentationGuard } from './operation/presentation/presentationGuard';
import { memoryUsedCodes, redisUsedCodes } from './operation/presentation/usedCodes';
import { routingSchema } from './transport/localRouting';
import { HubDataSource } from './transport/HubDataSource';
import { RegionDataSource } from './transport/RegionDataSource';
import { Bulkhead } from './transport/resilience/Bulkhead';
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

/**
 * The request id: the caller's `X-Request-Id` when sane (`saneRequestId`), else the
 * gateway's own. The gateway's own id (`auditId`, a new UUID) is made either way: the
 * audit keeps it beside the caller's, which the caller chose. One in format but holding a
 * resident ID or permit number is neither kept nor echoed, and `/graphql` refuses the
 * request (`PERSONAL_NUMBER_IN_HEADER`, in its context, audited).
 */
const requestId: express.RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  const auditId = randomUUID();
  const caller = saneRequestId(given);
  res.locals.personalRequestId = given !== undefined && REQUEST_ID_PATTERN.test(given) && caller === undefined;
  res.locals.auditId = auditId;
  res.locals.callerRequestId = caller;
  res.locals.requestId = caller ?? auditId;
  // The request's trace is the gateway's own: from its audit id, never from anything the
  // partner sent (its traceparent is a link, its request id its own choice; tracing.ts).
  res.locals.traceId = traceIdOf(auditId);
  res.set('X-Request-Id', caller ?? auditId);
  next();
};

/**
 * A partner's reference header (`X-Case-Id`, `X-Officer-Id`), which goes into the audit
 * trail: an opaque id of at most 64 characters, never free text (it could carry a name),
 * never a resident ID or permit number (common/referenceIds.ts).
 */
function referenceHeader(req: express.Request, name: string): string | undefined {
  const value = req.get(name);
  if (value === undefined) return value;
  if (!REFERENCE_ID_PATTERN.test(value)) {
    throw yrdError('BAD_REQUEST', { header: name }, { detail: `(${name}: up to 64 letters, digits and . _ : / -)`, wholeRequest: true });
  }
  if (holdsPersonalNumber(value)) throw yrdError('PERSONAL_NUMBER_IN_HEADER', { header: name }, { wholeRequest: true });
  return value;
}

/** The app of the operations port (`OPS_PORT`): the operations endpoints and nothing else. */
function opsApp(ops: express.Router, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(requestId);
  app.use(ops);
  app.use(notFound);
  app.use(errorHandler((err) => logger.error({ err }, 'unhandled error in the operations app')));
  return app;
}

/**
 * Builds the gateway's HTTP service without listening: the supergraph composed from the
 * subgraphs' SDL files, one guarded `RegionDataSource` per subgraph, health probes,
 * breaker state shared through Redis when configured, `POST /graphql` and the
 * operations endpoints.
 */
export async function createGateway(options: GatewayOptions): Promise<HttpService> {
  const { config, logger } = options;
  const { supergraphSdl, apiSdl } = composeSchemas(config.schemaDir, config.subgraphs);

  const redis = createRedis(config.redisUrl, logger);
  const redisBreaker = redis
    ? withRedisBudget(redis, {
        budgetMs: config.redisBudgetMs,
        timeoutsToOpen: DEFAULTS.redisTimeoutsToOpen,
        probeIntervalMs: DEFAULTS.redisProbeIntervalMs,
        logger,
      })
    : undefined;
  if (redis) await readyOrTimeout(redis, 2000);
  const guards = config.subgraphs.map(({ name, breaker }) => {
    return new RegionGuard(name, regionForSubgraph(name) ?? null, breaker, logger);
  });
  const guardOf = (name: string) => guards.find((g) => g.subgraph === name)!;
  const bulkheads = guards.map((g) => new Bulkhead(g.subgraph, g.settings.maxConcurrent));
  const bulkheadOf = (name: string) => bulkheads.find((b) => b.subgraph === name)!;
  const { ttlSeconds, staleSeconds } = config.cache;
  const lifeMs = (ttlSeconds + staleSeconds) * 1000;
  const store: EntityCache | undefined =
    ttlSeconds > 0
      ? redis
        ? layeredEntityCache(
            redisEntityCache(redis, lifeMs, logger, { keyPrefix: config.redisKeyPrefix, cipher: createCacheCipher(config.cache.encryptionKey) }),
            lifeMs,
            DEFAULTS.cacheLocalEntries,
          )
        : memoryEntityCache(lifeMs)
      : undefined;

  const staleReport = new StaleReport();
  const cacheStats = new CacheStats();
  // Names this process in breaker transitions: the host (a container id under compose) and a random tag.
  const replica = `${hostname()}-${randomBytes(3).toString('hex')}`;
  const history = new HealthHistory(guards, cacheStats, { replica });
  const credential = subgraphCredentials(gatewayPrivateKey(config.subgraphAuthPrivateKey));
  const registry = loadPartnerRegistry(config.auth);
  const verifyToken = verifiedTokens(registry, config.auth);
  const limiter = createRateLimiter(config.rateLimit, redis, config.redisKeyPrefix, (id) => registry.partners.get(id)?.rateLimitPoints);
  const auditLog = createAuditLog({
    redis,
    logger,
    ...config.audit,
    checkpoints: {
      store: checkpointStore(config.audit.checkpoints, redis),
      signingKey: gatewayPrivateKey(config.audit.signingKey),
      intervalMs: config.audit.checkpointIntervalMs,
    },
  });
  // The largest legitimate operations (a 500-item batch with its decision and reasons)
  // stay well inside these.
  const armor = operationLimits({ maxDepth: 12, maxAliases: 20, maxDirectives: 20, maxTokens: 5000, maxCost: 5000 });
  const metrics = createMetrics(guards, { cacheStats, redis, bulkheads, redisBreaker, auditLog });
  const refusedUnattributed = unattributedRefusals(metrics.registry, logger);

  const routing = routingSchema(readFileSync(join(config.schemaDir, 'interop.graphql'), 'utf8'));
  // Filled as Apollo builds the data sources; the hub's reads it only when a request runs.
  const cityByTypename = new Map<string, RegionDataSource>();
  const gateway = quietApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      // A subgraph with a region is a city; the one without, the hub.
      const region = regionForSubgraph(name);
      const shared = {
        name,
        url: url ?? '',
        guard: guardOf(name),
        bulkhead: bulkheadOf(name),
        credential,
        fetcher: options.fetcher,
        logger,
        onAnswer: (ctx: GatewayContext | undefined, _request: unknown, response: GatewayGraphQLResponse) =>
          noteSubgraphAnswer(ctx?.audit, { subgraph: name, region }, response),
      };
      if (!region) {
        // The hub answers lookups by number alone, the cities confirming what nothing else
        // will, and its routing answers are a function of the number: no round trip for them.
        return new HubDataSource({ ...shared, cityOf: (typename) => cityByTypename.get(typename), routing });
      }
      const source = new RegionDataSource({
        ...shared,
        cache: store
          ? { store, ttlMs: ttlSeconds * 1000, staleMs: staleSeconds * 1000, decisionMaxAgeMs: config.cache.decisionMaxAgeSeconds * 1000, report: staleReport, stats: cacheStats }
          : undefined,
      });
      cityByTypename.set(REGION_INFO[region].permitTypename, source);
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
    validationRules: [...armor.validationRules, noShadowingAliases(supergraphSdl)],
    logger,
    // runMain drains on SIGTERM; Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      // No usage or schema reports to Apollo whatever the environment holds, and no landing
      // page loading Apollo's explorer from its CDN: government networks are closed.
      ...noApolloReporting<GatewayContext>(),
      // Order matters: the one analysis of the operation, who and what for, then which
      // permits, then the rest.
      operationAnalyser<GatewayContext>(),
      purposeGuard<GatewayContext>(),
      // Consent mode and presented codes; single use shared through Redis when configured.
      presentationGuard({
        usedCodes: redis ? redisUsedCodes(redis, config.redisKeyPrefix) : memoryUsedCodes(),
        consent: config.consentMode === 'policy' ? CONSENT_POLICY : {},
      }),
      permitArgumentGuard(),
      requestCostGuard({ maxItems: DEFAULTS.maxRequestItems, charge: (partnerId, units) => consumeRequest(limiter, partnerId, units, metrics.countRateLimited) }),
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
  const stopSync = redis ? await startBreakerSync(redis, guards, logger, config.redisKeyPrefix, replica) : async () => undefined;

  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(requestId);
  app.use(metrics.countResponses);
  app.use(requestLog(logger));
  // The operations endpoints (health, history, the status page, metrics), on the public
  // port unless OPS_PORT serves them apart.
  const ops = express.Router();
  ops.use(healthRoutes(guards, redis));
  ops.use(history.routes());
  if (config.statusPage) ops.use(pageRoutes({ name: 'status', paths: ['/status'] }));
  ops.get('/metrics', metrics.serve);
  const separateOps = config.opsPort !== undefined;
  app.use(separateOps ? healthRoutes(guards, redis, { regions: false }) : ops);
  // The counter page: scans a presented code (docs/presentation-codes.md). The camera needs no CSP relaxation.
  app.use(pageRoutes({ name: 'verify', paths: ['/verify'] }));
  // What never reaches a GraphQL plugin is audited here: one record per request of a known
  // partner. Its context as the HTTP layer knows it: case and officer only when well formed.
  const refusals = httpRefusals({
    log: auditLog,
    contextOf: async (req, res) => {
      const verified = await verifyToken(req.get('authorization'));
      const ctx = newGatewayContext(res.locals as { requestId: string; auditId: string }, { ...verified, purpose: req.get('x-purpose') });
      const wellFormed = (name: string) => {
        try {
          return referenceHeader(req, name);
        } catch {
          return undefined;
        }
      };
      return Object.assign(ctx, { caseId: wellFormed('x-case-id'), officerId: wellFormed('x-officer-id') });
    },
    unattributed: refusedUnattributed,
  });
  // POST only: a GET would put permit numbers in URLs, and so in proxy and access logs.
  app.post(
    '/graphql',
    // The request's server span, with the trace id of its log lines (traceContext).
    // A partner's traceparent is kept as a link, never continued: it must not choose our trace id or sampling.
    traceRequests('/graphql', { traceIdOf: (res) => res.locals.traceId as string, callerTrace: 'link' }),
    bodyDeadline(config.bodyTimeoutMs, refusals.refuse),
    express.json({ limit: config.bodyLimitBytes }),
    // Refused before anything runs, each answered and audited by `refusals.refuse` below.
    wellFormedRequest,
    refusePersistedQueries,
    refusals.behind(expressMiddleware(apollo, {
      // Authenticate and count the request before any GraphQL work; both throw a
      // whole-request error (401, 429) that Apollo answers with its HTTP status.
      // Once the partner is known, a refusal here is audited before it is thrown.
      context: async ({ req, res }) => {
        const ids = res.locals as { requestId: string; auditId: string; callerRequestId?: string; span?: Span };
        const verified = await verifyToken(req.get('authorization')).catch((err: unknown) => {
          refusedUnattributed(ids.requestId, err);
          throw err;
        });
        const ctx = newGatewayContext(ids, { ...verified, purpose: req.get('x-purpose') });
        refusals.remember(res, ctx);
        ctx.clientGone = () => req.socket.destroyed;
        try {
          await consumeRequest(limiter, verified.partner.id);
          if (res.locals.personalRequestId) throw yrdError('PERSONAL_NUMBER_IN_HEADER', { header: 'x-request-id' }, { wholeRequest: true });
          ctx.caseId = referenceHeader(req, 'x-case-id');
          ctx.officerId = referenceHeader(req, 'x-officer-id');
        } catch (err) {
          await auditEdgeRefusal(auditLog, ctx, err);
          throw err;
        }
        return ctx;
      },
    })),
    refusals.refuse,
  );
  app.all('/graphql', methodNotAllowed, refusals.refuse);
  app.use(explorerRoutes({ nodeEnv: config.nodeEnv, registry, audience: config.auth.audience, apiSdl, verifyToken }));
  app.use(notFound);
  app.use(errorHandler((err) => logger.error({ err }, 'unhandled error in the HTTP app')));
  return {
    handler: app,
    maxConnections: config.maxConnections,
    headersTimeoutMs: config.headersTimeoutMs,
    opsHandler: separateOps ? opsApp(ops, logger) : undefined,
    stop: async () => {
      stopProbes();
      history.stop();
      await apollo.stop();
      await auditLog.close();
      await stopSync();
      for (const g of guards) g.shutdown();
      redisBreaker?.stop();
      redis?.disconnect();
    },
  };
}
