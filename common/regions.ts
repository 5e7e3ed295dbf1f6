import { REGION_CATALOGUE, type Region } from './regionCatalogue/catalogue';
import type { RegionCatalogue, RegionEntry } from './regionCatalogue/RegionEntry';

export type { Region } from './regionCatalogue/catalogue';
export type { RegionCatalogue, RegionEntry } from './regionCatalogue/RegionEntry';
export { REGION_CATALOGUE } from './regionCatalogue/catalogue';

/**
 * The member regions of the YRD interop scheme (docs/domain.md, "Regions"), derived from
 * the region catalogue (`common/regionCatalogue/`). A non-empty tuple, as `z.enum` wants.
 */
export const REGIONS = REGION_CATALOGUE.map((e) => e.region) as unknown as readonly [Region, ...Region[]];

/** One entry of the region directory published by `Query.regions`. */
export interface RegionInfo {
  region: Region;
  nameZh: string;
  nameEn: string;
  /** Administrative-code prefixes this region issues under; the longest match wins. */
  issuingCodePrefixes: readonly string[];
  /** GraphQL typename of this region's permit entity. */
  permitTypename: string;
  /** Service name of the region's subgraph (process, compose service, env prefix). */
  subgraph: string;
}

/** A catalogue entry as the region directory publishes it. */
function regionInfo(entry: RegionEntry<Region>): RegionInfo {
  const { region, nameZh, nameEn, issuingCodePrefixes, permitTypename, subgraph } = entry;
  return { region, nameZh, nameEn, issuingCodePrefixes, permitTypename, subgraph };
}

export const REGION_INFO: Readonly<Record<Region, RegionInfo>> = Object.fromEntries(
  REGION_CATALOGUE.map((e) => [e.region, regionInfo(e)]),
) as Record<Region, RegionInfo>;

/** Type guard for a region enum value coming from outside (config, arguments). */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/**
 * The region that issues permits under a 6-digit administrative code, or `undefined`
 * when the code belongs to a region that is not connected (→ `UNKNOWN_ISSUER`).
 */
export function regionForAdminCode(adminCode: string): Region | undefined {
  return issuingRegion(adminCode, REGION_CATALOGUE);
}

/** {@link regionForAdminCode} over any catalogue (a test's own, with a region more). */
export function issuingRegion<R extends string>(adminCode: string, catalogue: RegionCatalogue<R>): R | undefined {
  let best: { region: R; length: number } | undefined;
  for (const entry of catalogue) {
    for (const prefix of entry.issuingCodePrefixes) {
      if (adminCode.startsWith(prefix) && (!best || prefix.length > best.length)) {
        best = { region: entry.region, length: prefix.length };
      }
    }
  }
  return best?.region;
}

/** The region a city subgraph serves (`shanghai` → SHANGHAI); `undefined` for the interop hub. */
export function regionForSubgraph(subgraph: string): Region | undefined {
  return REGIONS.find((r) => REGION_INFO[r].subgraph === subgraph);
}

/** The region whose permit entity has this GraphQL typename. */
export function regionForTypename(typename: string): Region | undefined {
  return REGIONS.find((r) => REGION_INFO[r].permitTypename === typename);
}

/** The catalogue entry of a region. */
export function regionEntry(region: Region): RegionEntry<Region> {
  return REGION_CATALOGUE.find((e) => e.region === region)!;
}

/** The interop hub's names, beside the regions' on the status page. */
export const HUB_NAMES = { subgraph: 'interop', zh: '互认中枢', en: 'Interop hub' } as const;

/**
 * Display names of every subgraph (`shanghai` → [上海, Shanghai], the hub too), served
 * with `/health/history` so that the status page hard-codes none.
 */
export function subgraphDisplayNames(catalogue: RegionCatalogue = REGION_CATALOGUE): Record<string, { zh: string; en: string }> {
  return {
    ...Object.fromEntries(catalogue.map((e) => [e.subgraph, { zh: e.shortNameZh, en: e.nameEn }])),
    [HUB_NAMES.subgraph]: { zh: HUB_NAMES.zh, en: HUB_NAMES.en },
  };
}

/** The default port of every region's subgraph, keyed by subgraph name. */
export function regionPorts<S extends string = (typeof REGION_CATALOGUE)[number]['subgraph']>(
  catalogue: ReadonlyArray<{ subgraph: S; port: number }> = REGION_CATALOGUE as unknown as ReadonlyArray<{ subgraph: S; port: number }>,
): Record<S, number> {
  return Object.fromEntries(catalogue.map((e) => [e.subgraph, e.port])) as Record<S, number>;
}
