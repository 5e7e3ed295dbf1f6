import type { Region } from '../common/regions';
import type { District } from './places';

/** Shanghai category: A 人才类 (talent), B 一般从业 (general employment), C 短期居住 (short-term). */
export type ShanghaiCategory = 'A' | 'B' | 'C';

/** `SignedPermit.local` of each region, named as in that region's GraphQL permit type. */
export interface LocalExtensions {
  SHANGHAI: { category: ShanghaiCategory; points: number };
  SUZHOU: { points: number; district: string };
  HANGZHOU: { points: number; district: string };
  ANHUI: { issuingCityCode: string; issuingCityName: string };
}

/**
 * The local extension of a permit issued in `district` of `region`. `points` is the
 * region's points score (积分; ignored by Anhui), `category` Shanghai's (ignored elsewhere).
 */
export function localExtension<R extends Region>(
  region: R,
  district: District,
  values: { points: number; category: ShanghaiCategory },
): LocalExtensions[R] {
  const byRegion: { [K in Region]: () => LocalExtensions[K] } = {
    SHANGHAI: () => ({ category: values.category, points: values.points }),
    SUZHOU: () => ({ points: values.points, district: district.name }),
    HANGZHOU: () => ({ points: values.points, district: district.name }),
    ANHUI: () => ({ issuingCityCode: district.cityCode, issuingCityName: district.cityName }),
  };
  return byRegion[region]();
}
