/**
 * The member regions of the YRD interop scheme and the GB/T 2260 administrative-code
 * prefixes each one issues permits under (docs/domain.md, "Regions").
 */
export const REGIONS = ['SHANGHAI', 'SUZHOU', 'HANGZHOU', 'ANHUI'] as const;

/** A connected YRD member region, as the GraphQL enum `Region` names it. */
export type Region = (typeof REGIONS)[number];

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

export const REGION_INFO: Readonly<Record<Region, RegionInfo>> = {
  SHANGHAI: {
    region: 'SHANGHAI',
    nameZh: '上海市',
    nameEn: 'Shanghai',
    issuingCodePrefixes: ['31'],
    permitTypename: 'ShanghaiPermit',
    subgraph: 'shanghai',
  },
  SUZHOU: {
    region: 'SUZHOU',
    nameZh: '苏州市',
    nameEn: 'Suzhou',
    issuingCodePrefixes: ['3205'],
    permitTypename: 'SuzhouPermit',
    subgraph: 'suzhou',
  },
  HANGZHOU: {
    region: 'HANGZHOU',
    nameZh: '杭州市',
    nameEn: 'Hangzhou',
    issuingCodePrefixes: ['3301'],
    permitTypename: 'HangzhouPermit',
    subgraph: 'hangzhou',
  },
  ANHUI: {
    region: 'ANHUI',
    nameZh: '安徽省',
    nameEn: 'Anhui',
    issuingCodePrefixes: ['34'],
    permitTypename: 'AnhuiPermit',
    subgraph: 'anhui',
  },
};

/** Type guard for a region enum value coming from outside (config, arguments). */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/**
 * The region that issues permits under a 6-digit administrative code, or `undefined`
 * when the code belongs to a region that is not connected (→ `UNKNOWN_ISSUER`).
 */
export function regionForAdminCode(adminCode: string): Region | undefined {
  let best: { region: Region; length: number } | undefined;
  for (const info of Object.values(REGION_INFO)) {
    for (const prefix of info.issuingCodePrefixes) {
      if (adminCode.startsWith(prefix) && (!best || prefix.length > best.length)) {
        best = { region: info.region, length: prefix.length };
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
