import type { Region } from '../common/regions';
import type { District } from './places';
import type { LocalValues } from './regions/MockRegionProfile';
import { MOCK_REGIONS } from './regions/mockRegions';

export type { ShanghaiCategory } from './regions/MockRegionProfile';

/** `SignedPermit.local` of each region, named as in that region's GraphQL permit type (its mock profile's). */
export type LocalExtensions = { [R in Region]: ReturnType<(typeof MOCK_REGIONS)[R]['local']> };

/**
 * The local extension of a permit issued in `district` of `region`. `points` is the
 * region's points score (积分; ignored by Anhui), `category` Shanghai's (ignored elsewhere).
 */
export function localExtension<R extends Region>(region: R, district: District, values: LocalValues): LocalExtensions[R] {
  return MOCK_REGIONS[region].local(district, values) as LocalExtensions[R];
}
