import { createHash } from 'node:crypto';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { canonicalJson } from '../../common/canonicalJson';
import type { CacheStats } from './cache/cacheStats';
import type { EntityCache } from './cache/entityCache';
import type { StaleNote } from './StaleReport';
import { representationsOf, type Representation, type Send, type SubgraphRequest } from './Send';
import { RegionFailure } from './transportError';

type Entity = Record<string, unknown>;

/** How `cachedEntities` caches one city subgraph's entities. */
export interface CachedEntitiesOptions {
  /** Subgraph name: the first part of every key, and of every stale note. */
  subgraph: string;
  store: EntityCache;
  /** Fresh life of an entry, milliseconds (`CACHE_TTL_SECONDS`). */
  ttlMs: number;
  /**
   * The oldest entry a decision may rest on, milliseconds (`DECISION_MAX_AGE_SECONDS`,
   * default 5 s), however long `ttlMs`: a decision is made on a record fetched moments ago,
   * a plain read on any fresh entry. Default: `ttlMs`.
   */
  decisionMaxAgeMs?: number;
  /** Further life in which an entry may answer a plain read while the region fails, milliseconds (`CACHE_STALE_SECONDS`). */
  staleMs: number;
  /** The partition of the request's entries (cache/cachePartition.ts: partner and validated purpose). */
  partitionOf: (request: SubgraphRequest) => string | null;
  /** True for a plain read; false when the operation asks for a decision, which never rests on stale data. */
  mayServeStale: (request: SubgraphRequest) => boolean;
  /**
   * True when the request must see the region's live records only: neither read from the
   * store, fresh or stale, nor written to it (a presented code). Default: never.
   */
  live?: (request: SubgraphRequest) => boolean;
  /** Told of every stale entity served, with its request. */
  onStale: (request: SubgraphRequest, note: StaleNote) => void;
  /** Counts hits, misses and stale entities served, when given. */
  stats?: CacheStats;
  /** The answer for entities neither fetched nor served stale after `failure`. */
  answerFailure: (failure: RegionFailure, reps: readonly Representation[]) => GatewayGraphQLResponse;
}

/**
 * The entity cache of a city subgraph around its `Send`: an entity fetch answers fresh
 * entries from the store and fetches only the misses, storing what comes back. Fresh is
 * younger than `ttlMs` for a plain read, and than `decisionMaxAgeMs` for a decision. When the
 * fetch fails as a transport (`RegionFailure`), a plain read is answered from entries
 * within their stale life, each reported through `onStale`; the rest get
 * `answerFailure`'s typed errors. A `live` request, and any other, passes through.
 */
export function cachedEntities(send: Send, options: CachedEntitiesOptions): Send {
  const { subgraph, store, ttlMs, staleMs } = options;
  return async (request) => {
    const reps = representationsOf(request) ?? [];
    if (!reps.length || options.live?.(request)) return send(request);
    const partition = options.partitionOf(request);
    const scope = cacheScope(subgraph, partition, request.request.query ?? '');
    const keys = reps.map((rep) => `${scope}:${canonicalJson(rep)}`);
    const cached = await store.getMany(keys);
    const now = Date.now();
    // mayServeStale is false for a decision (or an operation not analysed): the short bound.
    const freshMs = options.mayServeStale(request) ? ttlMs : Math.min(ttlMs, options.decisionMaxAgeMs ?? ttlMs);
    const entities: Array<Entity | null> = cached.map((c) => (c && now - c.storedAt <= freshMs ? c.data : null));
    const missing = reps.map((_, i) => i).filter((i) => entities[i] === null);
    options.stats?.count(subgraph, 'hit', reps.length - missing.length);
    options.stats?.count(subgraph, 'miss', missing.length);
    if (!missing.length) return { data: { _entities: entities } };

    const variables = { ...request.request.variables, representations: missing.map((i) => reps[i]) };
    let response: GatewayGraphQLResponse;
    try {
      response = await send({ ...request, request: { ...request.request, variables } });
    } catch (err) {
      if (!(err instanceof RegionFailure)) throw err;
      const stale = options.mayServeStale(request);
      const unserved: number[] = [];
      for (const i of missing) {
        const c = cached[i];
        if (stale && c && now - c.storedAt <= ttlMs + staleMs) {
          entities[i] = c.data;
          options.stats?.count(subgraph, 'stale', 1);
          options.onStale(request, { subgraph, permitId: String(reps[i]!.id), ageSeconds: Math.round((now - c.storedAt) / 1000) });
        } else {
          unserved.push(i);
        }
      }
      if (!unserved.length) return { data: { _entities: entities } };
      const failed = options.answerFailure(err, unserved.map((i) => reps[i]!));
      return { data: { _entities: entities }, errors: failed.errors };
    }
    const fetched = (response.data?._entities ?? []) as Array<Entity | null>;
    const toStore: Array<[string, Entity]> = [];
    missing.forEach((i, j) => {
      entities[i] = fetched[j] ?? null;
      if (fetched[j]) toStore.push([keys[i]!, fetched[j]!]);
    });
    await store.setMany(toStore);
    return { ...response, data: { ...response.data, _entities: entities } };
  };
}

/**
 * The one cache-key scheme: subgraph, then a digest of the partition (partner, purpose), the
 * query (its selection decides the entity's fields) and the canonical representation.
 */
/**
 * The part of a cache key every entity of one fetch shares: subgraph, partition (partner
 * and purpose) and a digest of the fetch document, hashed once per fetch rather than once
 * per entity. An entity's key is the scope and its canonical representation; a shared
 * cache names the key by HMAC under the deployment's prefix.
 */
function cacheScope(subgraph: string, partition: string | null, query: string): string {
  return `${subgraph}:${createHash('sha256').update(`${partition ?? ''}\n${query}`).digest('base64url')}`;
}
