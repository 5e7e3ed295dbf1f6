import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import type { Logger } from '../../common/logger';
import { PRESENTED_PERMIT_HEADER, presentedPermitDigest } from '../../common/presentedPermit';
import type { Region } from '../../common/regions';
import { traceparentOf } from '../../common/traceContext';
import { activeSpanContext, inClientSpan } from '../../common/tracing';
import type { SubgraphCredential } from '../auth/subgraphCredentials';
import type { CacheStats } from './cache/cacheStats';
import type { EntityCache } from './cache/entityCache';
import type { GatewayContext } from '../GatewayContext';
import { Bulkhead } from './resilience/Bulkhead';
import type { RegionGuard } from './resilience/RegionGuard';
import { budgetedRetry } from './budgetedRetry';
import { cachePartition } from './cache/cachePartition';
import { cachedEntities } from './cachedEntities';
import { entityErrorsById } from './entityErrorsById';
import { answeringFailures, failureResponse, type FailureTarget } from './failureResponse';
import type { Send } from './Send';
import type { StaleReport } from './StaleReport';
import { throughBreaker } from './throughBreaker';
import { timedFetcher } from './timedFetcher';

export interface RegionDataSourceOptions {
  /** Subgraph name, as the supergraph names it. */
  name: string;
  url: string;
  guard: RegionGuard;
  /** Caps the fetches in flight to the subgraph; default: one of `guard.settings.maxConcurrent` slots. */
  bulkhead?: Bulkhead;
  /** The gateway's credential, presented to the subgraph on every fetch. */
  credential: SubgraphCredential;
  /**
   * City entity cache; absent for the hub (it holds no data) or when off.
   * Lives in milliseconds; stale entities served are noted in `report`.
   */
  cache?: { store: EntityCache; ttlMs: number; staleMs: number; decisionMaxAgeMs?: number; report: StaleReport; stats?: CacheStats };
  /**
   * Wrappers of a kind of subgraph's own, outermost, around the shared ones (the hub's
   * `HubDataSource` answers routing locally and confirms existence here).
   */
  around?: (send: Send) => Send;
  /** The HTTP client; injected in tests to count fetches. Default: Node's fetch. */
  fetcher?: Fetcher;
  logger: Logger;
  /**
   * Called with every answer as the gateway received it, before it is merged into the
   * partner's response (the audit notes failures and the cities that answered here).
   */
  onAnswer?: (context: GatewayContext | undefined, request: Options['request'], response: GatewayGraphQLResponse) => void;
}

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

// An error code as span attribute: upper-case words only (a subgraph's own code could be anything).
const ERROR_CODE = /^[A-Z][A-Z_]{0,47}$/;

/**
 * The gateway's transport to one subgraph, composed of the wrappers of `transport/`:
 * each fetch in a slot of the subgraph's bulkhead (`Bulkhead`, else `REGION_BUSY` at once),
 * with the subgraph's deadline (`timedFetcher`), through its circuit breaker
 * (`throughBreaker`), one budgeted retry for queries that never reached it
 * (`budgetedRetry`) and, for cities, the entity cache (`cachedEntities`). A failure of
 * the subgraph never fails the whole response: it becomes a typed error
 * (`REGION_UNAVAILABLE`, `REGION_TIMEOUT`, `REGION_BUSY`) on exactly the entities that subgraph would
 * have served (`answeringFailures`).
 */
export class RegionDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: string;
  readonly region: Region | undefined;
  private readonly credential: SubgraphCredential;
  private readonly send: Send;
  private readonly onAnswer: RegionDataSourceOptions['onAnswer'];

  constructor(options: RegionDataSourceOptions) {
    const { guard, cache, logger } = options;
    super({ url: options.url, fetcher: timedFetcher(options.fetcher ?? (fetch as unknown as Fetcher), guard.settings.timeoutMs) });
    this.subgraph = options.name;
    this.region = guard.region ?? undefined;
    this.credential = options.credential;
    this.onAnswer = options.onAnswer;

    const target: FailureTarget = { subgraph: this.subgraph, region: this.region, logger };
    const fetchOnce: Send = (request) => super.process(request as Options);
    const bulkhead = options.bulkhead ?? new Bulkhead(this.subgraph, guard.settings.maxConcurrent);
    const retried = budgetedRetry(throughBreaker(guard, entityErrorsById(fetchOnce)), { subgraph: this.subgraph, guard, logger });
    const guarded: Send = (request) => bulkhead.run(() => retried(request));
    const withCache = cache
      ? cachedEntities(guarded, {
          subgraph: this.subgraph,
          ...cache,
          partitionOf: (request) => cachePartition(request.context as GatewayContext),
          // Stale-if-error, for plain reads only: a decision never rests on stale data.
          mayServeStale: (request) => (request.context as GatewayContext).analysis?.selectsRecognition === false,
          // A presented code is checked against the live record only (docs/presentation-codes.md).
          live: (request) => (request.context as GatewayContext).presentedPermitId !== undefined,
          onStale: (request, note) => cache.report.note(request.context, note),
          answerFailure: (failure, reps) => failureResponse(failure, reps, target),
        })
      : guarded;
    const answered = answeringFailures(withCache, target);
    this.send = options.around ? options.around(answered) : answered;
  }

  /**
   * Presents the gateway's credential for this subgraph. `set`, not `append`: whatever
   * else the request held, the subgraph sees exactly one Authorization, the gateway's; a
   * partner's own token is never forwarded (it authenticates the partner to the gateway,
   * and a subgraph must not learn it nor accept it).
   */
  override async willSendRequest(options: Options): Promise<void> {
    const headers = options.request.http?.headers;
    headers?.set('authorization', await this.credential(this.subgraph));
    // The request id and a W3C traceparent, so the subgraph's log lines and spans join the
    // gateway's: the fetch's client span while tracing, else the request's trace.
    const ctx = options.context as Partial<GatewayContext> | undefined;
    if (ctx?.requestId) headers?.set('x-request-id', ctx.requestId);
    // The city answers the presented permit only while it may be presented (revoked, suspended: not).
    if (ctx?.presentedPermitId && this.region) headers?.set(PRESENTED_PERMIT_HEADER, presentedPermitDigest(ctx.presentedPermitId));
    const parent = activeSpanContext(ctx?.trace);
    if (parent) headers?.set('traceparent', traceparentOf(parent));
  }

  /**
   * Sends one fetch (through the wrappers above) in a client span `subgraph <name>`: its
   * attributes are the subgraph, the HTTP status when one came back, and the error codes
   * of the answer — codes only, never a message or path (they could carry permit numbers).
   */
  override async process(options: Options): Promise<GatewayGraphQLResponse> {
    const context = (options as Partial<Options>).context as GatewayContext | undefined;
    return inClientSpan(`subgraph ${this.subgraph}`, context?.trace, async (span) => {
      span.setAttribute('yrd.subgraph', this.subgraph);
      const response = await this.send(options);
      const status = response.http?.status;
      if (status) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      const codes = [...new Set((response.errors ?? []).map((e) => String(e.extensions?.code)).filter((c) => ERROR_CODE.test(c)))];
      if (codes.length) span.setAttribute('yrd.error_codes', codes);
      if (codes.some((c) => c.startsWith('REGION_'))) span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(' ') });
      this.onAnswer?.(context, options.request, response);
      return response;
    });
  }

  /**
   * The error of a non-2xx answer: Apollo's carries the subgraph's URL and body in
   * `extensions.response`, which would reach a partner wherever the error passes through
   * (an internal address, and whatever the region wrote). Only the status stays: it is
   * what `classifyFetchError` sorts by.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    return new GraphQLError(`${response.status}: ${response.statusText}`, {
      extensions: { ...error.extensions, response: { status: response.status } },
    });
  }

  /** This data source's `Send`, for another data source's checks. */
  sendRequestOf(): Send {
    return (request) => this.process(request as Options);
  }
}
