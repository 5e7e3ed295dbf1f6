import DataLoader from 'dataloader';
import { yrdError } from '../../common/errors';
import type { HttpService } from '../../common/httpService';
import type { Logger } from '../../common/logger';
import type { SignedPermit } from '../../common/permit';
import type { PermitRegistry } from '../../common/permitRegistry';
import { isPresentable, PRESENTED_PERMIT_HEADER, presentedPermitDigest } from '../../common/presentedPermit';
import { REGION_INFO } from '../../common/regions';
import { createSubgraphApp, type SubgraphHttpOptions } from '../createSubgraphApp';
import type { CityDefinition } from './cityDefinition';
import { citySubgraphSdl } from './citySchema';
import { presentationCodeRoutes, type CodeSigner } from './presentationCodes';

interface CityContext {
  permits: DataLoader<string, PermitView>;
  /** Digests of the permits the request's presented code names (`PRESENTED_PERMIT_HEADER`). */
  presented: ReadonlySet<string>;
}

/** A permit as the GraphQL type sees it: common fields with local fields alongside. */
type PermitView = Omit<SignedPermit, 'local'> & Record<string, unknown>;

export interface CitySubgraphOptions extends SubgraphHttpOptions {
  city: CityDefinition;
  registry: PermitRegistry;
  logger: Logger;
  /**
   * Issuing presentation codes for the region's app clients (`POST /app/presentation-codes`,
   * presentationCodes.ts); off when absent.
   */
  presentationCodes?: { signer: CodeSigner; appClientToken: string };
  /** Called once per registry round trip with the number of ids asked (metrics, tests). */
  onRegistryCall?: (ids: number) => void;
}

/**
 * Builds a city subgraph: the city's permit entity over its registry. Every `_entities`
 * fetch reaches the registry once: references resolved in one GraphQL execution are
 * collected by a per-request DataLoader into one `getMany`.
 */
export async function createCitySubgraph(options: CitySubgraphOptions): Promise<HttpService> {
  const { city, registry, logger } = options;
  const info = REGION_INFO[city.region];
  const loadMany = async (ids: readonly string[]): Promise<Array<PermitView | Error>> => {
    options.onRegistryCall?.(ids.length);
    const found = await registry.getMany(ids);
    return found.map((permit, i) =>
      permit
        ? ({ ...permit, ...permit.local } as PermitView)
        : yrdError('PERMIT_NOT_FOUND', { region: city.region }, { detail: `(${ids[i]})` }),
    );
  };
  const service = await createSubgraphApp<CityContext>({
    name: info.subgraph,
    sdl: citySubgraphSdl(city),
    logger,
    gatewayPublicKey: options.gatewayPublicKey,
    faults: options.faults,
    appRoutes: options.presentationCodes
      ? presentationCodeRoutes({ region: city.region, registry, signer: options.presentationCodes.signer }, options.presentationCodes.appClientToken)
      : undefined,
    context: async (req) => ({
      permits: new DataLoader(loadMany, { maxBatchSize: 1000 }),
      // Only the gateway reaches this app (its credential is checked first), so the header is its word.
      presented: new Set((req.get(PRESENTED_PERMIT_HEADER) ?? '').split(',').filter(Boolean)),
    }),
    resolvers: {
      [info.permitTypename]: {
        // A presented permit is answered from the live record only while it may be presented.
        __resolveReference: async (ref: { id: string }, ctx: CityContext) => {
          const permit = await ctx.permits.load(ref.id);
          if (ctx.presented.has(presentedPermitDigest(ref.id)) && !isPresentable(permit.status)) {
            throw yrdError('PERMIT_NOT_PRESENTABLE', { region: city.region });
          }
          return permit;
        },
      },
    },
  });
  return {
    handler: service.handler,
    stop: async () => {
      await service.stop();
      await registry.close();
    },
  };
}
