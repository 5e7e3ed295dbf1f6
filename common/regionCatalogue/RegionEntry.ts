import type { Service } from '../services';

/**
 * Everything the system knows about one member region, in one place: the catalogue
 * (`catalogue.ts`) lists one entry per region and the enum SDL, ports, routing, field
 * policy, schemas and the status page's names are derived from it (docs/adding-a-region.md).
 */
export interface RegionEntry<R extends string = string> {
  /** The value of the GraphQL enum `Region`. */
  region: R;
  nameZh: string;
  nameEn: string;
  /** The short Chinese name the status page shows (上海 for 上海市). */
  shortNameZh: string;
  /** Administrative-code prefixes this region issues under; the longest match wins. */
  issuingCodePrefixes: readonly string[];
  /** GraphQL typename of this region's permit entity. */
  permitTypename: string;
  /** Service name of the region's subgraph (process, compose service, env prefix). */
  subgraph: string;
  /** The subgraph's default port (`<SUBGRAPH>_PORT` overrides it). */
  port: number;
  /** Key ids of the region's issuer signing keys start with it (`SH-2026-01`; the trust registry lists them). */
  keyIdPrefix: string;
  /** SDL of extra types the local fields use (enums…), or ''. */
  localTypesSdl: string;
  /** SDL of the local fields of the permit type (with descriptions). */
  localFieldsSdl: string;
  /**
   * Who may see each local field (docs/domain.md, "Services (purposes)"); deny by
   * default: a local field missing here is refused to every purpose.
   */
  localFieldAudience: Readonly<Record<string, readonly Service[]>>;
}

/** A list of regions: the real one (`REGION_CATALOGUE`) or a test's own. */
export type RegionCatalogue<R extends string = string> = ReadonlyArray<RegionEntry<R>>;
