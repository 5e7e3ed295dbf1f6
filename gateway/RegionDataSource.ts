import { createHash } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import { canonicalJson } from '../common/canonicalJson';
import { yrdError } from '../common/errors';
import type { Logger } from '../common/logger';
import { REGION_INFO, type Region } from '../common/regions';
import type { SubgraphCredential } from './auth/subgraphCredentials';
import type { EntityCache } from './cache/entityCache';
import type { GatewayContext } from './GatewayContext';
import type { RegionGuard } from './resilience/RegionGuard';
import { RetryBudget } from './resilience/RetryBudget';
import { BREAKER_OPEN, RegionFailure, isConnectionFailure } from './resilience/transportError';

export interface RegionDataSourceOptions {
  /** Subgraph name (`interop`, `shanghai`…). */
  name: string;
  url: string;
  guard: RegionGuard;
  /** The gateway's credential, presented to the subgraph on every fetch. */
  credential: SubgraphCredential;
  /** City entity cache; absent for the interop hub (it holds no data) or when off. */
  cache?: { store: EntityCache; ttlMs: number; staleMs: number };
  /** The HTTP client; injected in tests to count fetches. Default: Node's fetch. */
  fetcher?: Fetcher;
  logger: Logger;
}

type Representation = { __typename: string; id?: unknown };
type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

/**
 * The gateway's transport to one subgraph: through the subgraph's circuit breaker, with
 * its timeout, one budgeted retry for queries that never reached it, and (for cities)
 * the entity cache. A failure of the subgraph never fails the whole response: it becomes
 * a typed error (`REGION_UNAVAILABLE`, `REGION_TIMEOUT`) on exactly the entities that
 * subgraph would have served.
 */
export class RegionDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly subgraph: string;
  readonly region: Region | undefined;
  private readonly guard: RegionGuard;
  private readonly cache: RegionDataSourceOptions['cache'];
  private readonly log: Logger;
  private readonly credential: SubgraphCredential;
  private readonly retries = new RetryBudget();

  constructor(options: RegionDataSourceOptions) {
    const base = options.fetcher ?? (fetch as unknown as Fetcher);
    const timeoutMs = options.guard.settings.timeoutMs;
    // Fetcher's init has no `signal` in its type, but every fetch it wraps honours one.
    const fetcher: Fetcher = (url, init) => base(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as typeof init);
    super({ url: options.url, fetcher });
    this.subgraph = options.name;
    this.region = options.guard.region ?? undefined;
    this.guard = options.guard;
    this.cache = options.cache;
    this.log = options.logger;
    this.credential = options.credential;
  }

  /**
   * Presents the gateway's credential for this subgraph. `set`, not `append`: whatever
   * else the request held, the subgraph sees exactly one Authorization, the gateway's; a
   * partner's own token is never forwarded (it authenticates the partner to the gateway,
   * and a subgraph must not learn it nor accept it).
   */
  override async willSendRequest(options: Options): Promise<void> {
    options.request.http?.headers.set('authorization', await this.credential(this.subgraph));
  }

  override async process(options: Options): Promise<GatewayGraphQLResponse> {
    const reps = (options.request.variables?.representations ?? []) as Representation[];
    if (this.cache && reps.length) return this.processEntities(options, reps);
    try {
      return await this.send(options);
    } catch (err) {
      if (!(err instanceof RegionFailure)) throw err;
      return this.failureResponse(err, reps);
    }
  }

  /** An entity fetch of a city: fresh cache hits are not fetched again. */
  private async processEntities(options: Options, reps: Representation[]): Promise<GatewayGraphQLResponse> {
    const { store, ttlMs, staleMs } = this.cache!;
    const context = options.context;
    const keys = reps.map((rep) => this.cacheKey(options.request.query ?? '', context.purpose ?? null, rep));
    const cached = await store.getMany(keys);
    const now = Date.now();
    const entities: Array<Record<string, unknown> | null> = cached.map((c) => (c && now - c.storedAt <= ttlMs ? c.data : null));
    const missing = reps.map((_, i) => i).filter((i) => entities[i] === null);
    if (!missing.length) return { data: { _entities: entities } };

    const request = { ...options.request, variables: { ...options.request.variables, representations: missing.map((i) => reps[i]) } };
    let response: GatewayGraphQLResponse;
    try {
      response = await this.send({ ...options, request });
    } catch (err) {
      if (!(err instanceof RegionFailure)) throw err;
      // Stale-if-error, for plain reads only: a decision never rests on stale data.
      const unserved: number[] = [];
      for (const i of missing) {
        const c = cached[i];
        if (context.analysis?.selectsRecognition === false && c && now - c.storedAt <= ttlMs + staleMs) {
          entities[i] = c.data;
          context.stale.push({ subgraph: this.subgraph, permitId: String(reps[i]!.id), ageSeconds: Math.round((now - c.storedAt) / 1000) });
        } else {
          unserved.push(i);
        }
      }
      if (!unserved.length) return { data: { _entities: entities } };
      const failed = this.failureResponse(err, unserved.map((i) => reps[i]!));
      return { data: { _entities: entities }, errors: failed.errors };
    }
    const fetched = (response.data?._entities ?? []) as Array<Record<string, unknown> | null>;
    const toStore: Array<[string, Record<string, unknown>]> = [];
    missing.forEach((i, j) => {
      entities[i] = fetched[j] ?? null;
      if (fetched[j]) toStore.push([keys[i]!, fetched[j]!]);
    });
    await store.setMany(toStore);
    return { ...response, data: { ...response.data, _entities: entities } };
  }

  /** One request through the breaker; a query that never reached the subgraph may be retried once. */
  private async send(options: Options): Promise<GatewayGraphQLResponse> {
    const reps = options.request.variables?.representations as Representation[] | undefined;
    this.retries.deposit();
    try {
      return entityErrorsById(await this.guard.run(() => super.process(options)), reps);
    } catch (err) {
      // Never retry a mutation (it may have taken effect), nor while the breaker is open.
      const retryable =
        err instanceof RegionFailure &&
        isConnectionFailure(err) &&
        this.guard.state === 'closed' &&
        isQuery(options) &&
        this.retries.withdraw();
      if (!retryable) throw err;
      this.log.info({ subgraph: this.subgraph, reason: (err as RegionFailure).reason }, 'retrying query once');
      return entityErrorsById(await this.guard.run(() => super.process(options)), reps);
    }
  }

  private cacheKey(query: string, purpose: string | null, rep: Representation): string {
    const digest = createHash('sha256').update(`${purpose ?? ''}\n${query}\n${canonicalJson(rep)}`).digest('base64url');
    // A logical key: a shared cache names it by HMAC under the deployment's prefix.
    return `${this.subgraph}:${digest}`;
  }

  private failureResponse(failure: RegionFailure, reps: readonly Representation[]): GatewayGraphQLResponse {
    const { extensions } = yrdError(failure.code, {
      subgraph: this.subgraph,
      region: this.region ?? null,
      ...(failure.retryAfterMs !== null ? { retryAfterMs: failure.retryAfterMs } : {}),
    });
    const name = this.region ? REGION_INFO[this.region].nameEn : this.subgraph;
    const error = (permitId?: unknown): GraphQLFormattedError => ({
      message: `${name}: ${String(extensions.messageEn)}`,
      extensions: permitId === undefined ? extensions : { ...extensions, permitId: typeof permitId === 'string' ? permitId : null },
    });
    // A refusal by the open breaker is the expected state of an outage, logged once when the
    // breaker opened; logging each would write a line per request for as long as it lasts.
    const level = failure.reason === BREAKER_OPEN ? 'debug' : 'warn';
    this.log[level]({ subgraph: this.subgraph, code: failure.code, reason: failure.reason }, 'subgraph fetch failed');
    return reps.length ? { errors: reps.map((r) => error(r.id)) } : { errors: [error()] };
  }
}

function isQuery(options: Options): boolean {
  const document = 'document' in options ? options.document : undefined;
  return document ? getOperationAST(document)?.operation === 'query' : false;
}

/**
 * An error on `_entities[i]` names its permit by `extensions.permitId` instead of a
 * path. Why: @apollo/gateway 2.14 maps `_entities` indexes onto every entity at the
 * fetch's path, not only the ones it sent (other types and nulls are skipped when it
 * builds representations), so in a mixed batch the mapped path points at the wrong
 * item. An id is never wrong.
 */
function entityErrorsById(response: GatewayGraphQLResponse, reps: readonly Representation[] | undefined): GatewayGraphQLResponse {
  if (!reps || !response.errors) return response;
  const errors = response.errors.map((error) => {
    const [head, index, ...rest] = error.path ?? [];
    if (head !== '_entities' || typeof index !== 'number') return error;
    const { path: _path, ...withoutPath } = error;
    const permitId = reps[index]?.id;
    return {
      ...withoutPath,
      extensions: { ...error.extensions, permitId: typeof permitId === 'string' ? permitId : null, ...(rest.length ? { field: rest.join('.') } : {}) },
    };
  });
  return { ...response, errors };
}
