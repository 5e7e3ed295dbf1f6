import type { HttpService } from '../../common/httpService';
import type { Logger } from '../../common/logger';
import type { PermitSignature } from '../../common/permit';
import { yrdError } from '../../common/errors';
import { parsePermitNumber } from '../../common/permitNumber';
import { permitRef, routingResolvers, type PermitRef } from '../../common/permitRouting';
import { REGIONS, REGION_INFO, isRegion, type Region } from '../../common/regions';
import { isService, type Service } from '../../common/services';
import { verifyPresentationCode } from '../../common/presentationCode';
import { createSubgraphApp, type SubgraphHttpOptions } from '../createSubgraphApp';
import { decidedFor, decisionStatement, hubContext, recognitionResolvers } from './decisionStatement';
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
 * The hub's part of verifying a presentation code: signature, key and lifetime against
 * its trust registry, as for a signed record. The gateway checks what needs the caller
 * (purpose, audience) before and the single use after; a failure is an error with its code.
 */
async function verifyPresentation(code: string, trust: TrustRegistry) {
  const verified = await verifyPresentationCode(code, { lookup: (keyId) => trust.lookup(keyId) });
  if (!verified.ok) throw yrdError(verified.code, verified.keyId ? { keyId: verified.keyId } : {});
  const { claims, keyId } = verified;
  const parsed = parsePermitNumber(claims.permitId);
  // A signed code for a number its own issuer could not have issued is a broken issuer.
  if (!parsed.ok || parsed.region !== claims.issuer) throw yrdError('CODE_INVALID', { keyId }, { detail: '(permit number)' });
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return {
    verification: {
      signatureValid: true,
      keyId,
      issuerTrusted: true,
      notExpired: true,
      // Checked by the gateway, which alone knows the caller; it refuses before any fetch.
      purposeMatches: true,
      audienceMatches: true,
      // The gateway records the nonce and withholds the answer from any later use.
      firstUse: true,
      issuer: claims.issuer,
      purpose: claims.purpose,
      audience: claims.audience ?? null,
      issuedAt: iso(claims.issuedAt),
      expiresAt: iso(claims.expiresAt),
    },
    permit: permitRef(parsed.permit.value, parsed.region),
  };
}

/**
 * Builds the YRD interop hub: routes a permit number to its issuing region, and decides
 * recognition from the record the planner fetched from that region, stating in its
 * answer's extensions the decisions the answer carries (`decisionStatement`).
 */
export function createInteropSubgraph(options: InteropOptions): Promise<HttpService> {
  const { policies, trust, clock } = options;

  const decide = (permit: RequiredPermit, host: Region, service: Service) =>
    decidedFor(permit.id, evaluateRecognition({ permit, host, service, decisionDate: clock(), policies, trust }));

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
    context: async () => hubContext(),
    // The hub states the decisions its answer carries, for the gateway's audit.
    plugins: [decisionStatement()],
    resolvers: {
      Query: {
        ...routingResolvers,
        recognitionPolicies: (_: unknown, args: { host?: Region | null; service?: Service | null }) =>
          listPolicies(policies, { host: args.host ?? undefined, service: args.service ?? undefined, date: clock() }),
        regions: () => REGIONS.map((r) => REGION_INFO[r]),
        verifyPresentation: (_: unknown, { code }: { code: string }) => verifyPresentation(code, trust),
      },
      Recognition: recognitionResolvers,
      ...Object.fromEntries(REGIONS.map((r) => [REGION_INFO[r].permitTypename, permitResolvers])),
    },
  });
}
