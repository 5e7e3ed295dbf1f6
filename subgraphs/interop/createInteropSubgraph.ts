import type { HttpService } from '../../common/httpService';
import type { Logger } from '../../common/logger';
import type { PermitSignature } from '../../common/permit';
import { routingResolvers, type PermitRef } from '../../common/permitRouting';
import { REGIONS, REGION_INFO, isRegion, type Region } from '../../common/regions';
import { isService, type Service } from '../../common/services';
import { createSubgraphApp, type SubgraphHttpOptions } from '../createSubgraphApp';
import { INTEROP_SDL } from './interopSchema';
import { evaluateRecognition } from './recognition/evaluateRecognition';
import { listPolicies } from './recognition/listPolicies';
import type { PolicySet } from './recognition/policy';
import type { TrustRegistry } from './recognition/trustRegistry';

export interface InteropOptions extends SubgraphHttpOptions {
  policies: PolicySet;
  trust: TrustRegistry;
  /** Today's decision date, YYYY-MM-DD. */
  clock: () => string;
  logger: Logger;
}

/** A permit stub once the planner has fetched its signed record (@requires) from the city. */
type RequiredPermit = PermitRef & { signature: PermitSignature };

/**
 * Builds the YRD interop hub: routes a permit number to its issuing region, and decides
 * recognition from the record the planner fetched from that region.
 */
export function createInteropSubgraph(options: InteropOptions): Promise<HttpService> {
  const { policies, trust, clock } = options;

  const decide = (permit: RequiredPermit, host: Region, service: Service) =>
    evaluateRecognition({ permit, host, service, decisionDate: clock(), policies, trust });

  const permitResolvers = {
    __resolveReference: (ref: RequiredPermit) => ref,
    recognition: (permit: RequiredPermit, args: { host: Region; service: Service }) =>
      decide(permit, args.host, args.service),
    requestedRecognition: (permit: RequiredPermit) => {
      const [host, service] = (permit.decisionContext ?? '').split(':');
      return isRegion(host) && isService(service) ? decide(permit, host, service) : null;
    },
  };

  return createSubgraphApp({
    name: 'interop',
    sdl: INTEROP_SDL,
    logger: options.logger,
    gatewayPublicKey: options.gatewayPublicKey,
    faults: options.faults,
    context: async () => ({}),
    resolvers: {
      Query: {
        ...routingResolvers,
        recognitionPolicies: (_: unknown, args: { host?: Region | null; service?: Service | null }) =>
          listPolicies(policies, { host: args.host ?? undefined, service: args.service ?? undefined, date: clock() }),
        regions: () => REGIONS.map((r) => REGION_INFO[r]),
      },
      ...Object.fromEntries(REGIONS.map((r) => [REGION_INFO[r].permitTypename, permitResolvers])),
    },
  });
}
