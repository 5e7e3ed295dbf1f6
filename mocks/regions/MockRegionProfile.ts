import type { Prng } from '../../common/prng';

/** A district (or county-level city) that issues permits and where holders live. */
export interface District {
  /** 6-digit GB/T 2260 code. */
  code: string;
  name: string;
  /** Code and name of the prefecture-level city; Anhui permits carry them (`issuingCityCode`). */
  cityCode: string;
  cityName: string;
  /** Relative share of the region's permits issued here. */
  weight: number;
}

/** Shanghai category: A 人才类 (talent), B 一般从业 (general employment), C 短期居住 (short-term). */
export type ShanghaiCategory = 'A' | 'B' | 'C';

/** The values a region's local extension may draw on. */
export interface LocalValues {
  points: number;
  category: ShanghaiCategory;
}

/**
 * What the mock registries make up for one region, keyed by the region as its entry in
 * the region catalogue (common/regionCatalogue/) is: places, key ids, points and the
 * local extension of its permits (docs/adding-a-region.md). `MOCK_REGIONS` lists them.
 */
export interface MockRegionProfile<R extends string = string> {
  region: R;
  /** Districts, weighted roughly by migrant population. */
  districts: readonly District[];
  /** Street names for the (masked) address line. */
  streets: readonly string[];
  /** The region's points score (积分), by Shanghai's category where it has one. */
  points(prng: Prng, category: ShanghaiCategory): number;
  /** `SignedPermit.local`, named as in the region's GraphQL permit type. */
  local(district: District, values: LocalValues): Record<string, string | number>;
  /** The address line after the street is picked and the room drawn. */
  address(prng: Prng, district: District, street: string, room: string): string;
}

export const district = (code: string, name: string, cityName: string, weight: number): District => ({
  code,
  name,
  cityCode: `${code.slice(0, 4)}00`,
  cityName,
  weight,
});

/** Number, building (幢) and room: the address line of most regions. */
export const buildingAddress = (prng: Prng, district: District, street: string, room: string): string =>
  `${district.name}${street}${prng.int(1, 999)}号${prng.int(1, 40)}幢${room}`;
