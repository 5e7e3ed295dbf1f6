import { DEFAULTS } from './defaults';
import { itemError, yrdError } from './errors';
import { parsePermitNumberIn } from './permitNumber';
import { REGION_CATALOGUE, REGION_INFO, type Region, type RegionCatalogue } from './regions';
import type { Service } from './services';

/** An entity reference to a permit: the issuing city resolves it. */
export interface PermitRef {
  __typename: string;
  id: string;
  /** `HOST:SERVICE` of the `recognise` item the reference belongs to, else null. */
  decisionContext: string | null;
}

export function permitRef(id: string, region: Region, decisionContext: string | null = null): PermitRef {
  return { __typename: REGION_INFO[region].permitTypename, id, decisionContext };
}

function checkBatchSize(items: readonly unknown[]): void {
  if (items.length > DEFAULTS.maxBatchItems) {
    throw yrdError('BATCH_TOO_LARGE', { max: DEFAULTS.maxBatchItems, got: items.length });
  }
}

/**
 * The routing answers of the interop hub's `Query.permit`, `permits` and `recognise`:
 * from the permit number alone (its issuing code names the region), an entity reference
 * for the issuing city, or the item's error for a malformed or unconnected number. A
 * pure function of the arguments, so the hub (`subgraphs/interop/`) and the gateway
 * (`gateway/transport/localRouting.ts`, which spares every lookup that network hop)
 * answer alike; the hub's SDL stays the contract. Over `catalogue`: the real one
 * ({@link routingResolvers}) unless a test passes its own.
 */
export function routingResolversFor(catalogue: RegionCatalogue) {
  const parsePermitNumber = (id: unknown) => parsePermitNumberIn(id, catalogue);
  const permitRef = (id: string, region: string, decisionContext: string | null = null): PermitRef => ({
    __typename: catalogue.find((e) => e.region === region)!.permitTypename,
    id,
    decisionContext,
  });
  return {
    permit: (_: unknown, { id }: { id: string }): PermitRef => {
      const parsed = parsePermitNumber(id);
      if (!parsed.ok) throw yrdError(parsed.code, {}, { detail: `(${parsed.reason})` });
      return permitRef(parsed.permit.value, parsed.region);
    },
    permits: (_: unknown, { ids }: { ids: string[] }) => {
      checkBatchSize(ids);
      return ids.map((id) => {
        const parsed = parsePermitNumber(id);
        return parsed.ok
          ? { id, permit: permitRef(parsed.permit.value, parsed.region), error: null }
          : { id, permit: null, error: itemError(parsed.code) };
      });
    },
    recognise: (_: unknown, { requests }: { requests: Array<{ permitId: string; host: string; service: Service }> }) => {
      checkBatchSize(requests);
      return requests.map(({ permitId, host, service }) => {
        const parsed = parsePermitNumber(permitId);
        return parsed.ok
          ? { permitId, host, service, permit: permitRef(parsed.permit.value, parsed.region, `${host}:${service}`), error: null }
          : { permitId, host, service, permit: null, error: itemError(parsed.code) };
      });
    },
  };
}

/** The routing answers over the real region catalogue. */
export const routingResolvers = routingResolversFor(REGION_CATALOGUE);
