import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GraphQLFormattedError } from 'graphql';
import { yrdError } from '../common/errors';
import type { ErrorCode } from '../common/errorCodes';
import type { Logger } from '../common/logger';
import { REGIONS, REGION_INFO, type Region } from '../common/regions';

export interface RegionDataSourceOptions {
  /** Subgraph name (`interop`, `shanghai`…). */
  name: string;
  url: string;
  /** Whole-request timeout, milliseconds. */
  timeoutMs: number;
  /** The HTTP client; injected in tests to count fetches. Default: Node's fetch. */
  fetcher?: Fetcher;
  logger: Logger;
}

/** The region a city subgraph serves; `undefined` for the interop hub. */
function regionOfSubgraph(name: string): Region | undefined {
  return REGIONS.find((r) => REGION_INFO[r].subgraph === name);
}

/**
 * The gateway's transport to one subgraph. A failure of the subgraph (refused, reset,
 * timed out, 5xx) never fails the whole response: it becomes a typed error
 * (`REGION_UNAVAILABLE`, `REGION_TIMEOUT`) on exactly the parts that subgraph would have
 * served — for an entity fetch, one error per entity, at that entity's path.
 */
export class RegionDataSource extends RemoteGraphQLDataSource {
  readonly subgraph: string;
  readonly region: Region | undefined;
  private readonly log: Logger;

  constructor(options: RegionDataSourceOptions) {
    const base = options.fetcher ?? (fetch as unknown as Fetcher);
    // Fetcher's init has no `signal` in its type, but every fetch it wraps honours one.
    const fetcher: Fetcher = (url, init) =>
      base(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) } as typeof init);
    super({ url: options.url, fetcher });
    this.subgraph = options.name;
    this.region = regionOfSubgraph(options.name);
    this.log = options.logger;
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.representations;
    try {
      return entityErrorsById(await super.process(options), representations);
    } catch (err) {
      const code = classify(err);
      if (!code) throw err;
      this.log.warn({ subgraph: this.subgraph, code, reason: describe(err) }, 'subgraph fetch failed');
      return entityErrorsById(this.failureResponse(code, representations), representations);
    }
  }

  private failureResponse(code: ErrorCode, representations: unknown): GatewayGraphQLResponse {
    const extensions = yrdError(code, {
      subgraph: this.subgraph,
      region: this.region ?? null,
    }).extensions;
    const name = this.region ? REGION_INFO[this.region].nameEn : this.subgraph;
    const error = (path?: Array<string | number>): GraphQLFormattedError => ({
      message: `${name}: ${String(extensions.messageEn)}`,
      ...(path ? { path } : {}),
      extensions,
    });
    if (Array.isArray(representations)) {
      return {
        data: { _entities: representations.map(() => null) },
        errors: representations.map((_, i) => error(['_entities', i])),
      };
    }
    return { errors: [error()] };
  }
}

/**
 * An error on `_entities[i]` names its permit by `extensions.permitId` instead of a
 * path. Why: @apollo/gateway 2.14 maps `_entities` indexes onto every entity at the
 * fetch's path, not only the ones it sent (other types and nulls are skipped when it
 * builds representations), so in a mixed batch the mapped path points at the wrong
 * item. An id is never wrong.
 */
function entityErrorsById(response: GatewayGraphQLResponse, representations: unknown): GatewayGraphQLResponse {
  if (!Array.isArray(representations) || !response.errors) return response;
  const errors = response.errors.map((error) => {
    const [head, index, ...rest] = error.path ?? [];
    if (head !== '_entities' || typeof index !== 'number') return error;
    const { path: _path, ...withoutPath } = error;
    const permitId = (representations[index] as { id?: unknown } | undefined)?.id;
    return {
      ...withoutPath,
      extensions: { ...error.extensions, permitId: typeof permitId === 'string' ? permitId : null, ...(rest.length ? { field: rest.join('.') } : {}) },
    };
  });
  return { ...response, errors };
}

/** Which documented code a transport failure is, or undefined for a non-transport error. */
function classify(err: unknown): ErrorCode | undefined {
  if (!(err instanceof Error)) return 'REGION_UNAVAILABLE';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'REGION_TIMEOUT';
  const status = (err as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  if (typeof status === 'number') return status >= 500 ? 'REGION_UNAVAILABLE' : undefined;
  return 'REGION_UNAVAILABLE';
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return cause ? `${err.name}: ${cause}` : `${err.name}: ${err.message}`;
}
