import { REGION_CATALOGUE, type RegionEntry } from '../common/regions';

/**
 * Every city subgraph by service name, for tools that handle them all (schemas, tests):
 * one per entry of the region catalogue, or of a test's own catalogue.
 */
export function cities<E extends RegionEntry>(catalogue: readonly E[]): ReadonlyArray<{ subgraph: string; definition: E }> {
  return catalogue.map((definition) => ({ subgraph: definition.subgraph, definition }));
}

/** The real catalogue's city subgraphs. */
export const CITIES = cities(REGION_CATALOGUE);
