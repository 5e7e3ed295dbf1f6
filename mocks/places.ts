import type { Region } from '../common/regions';
import type { District } from './regions/MockRegionProfile';
import { MOCK_REGIONS } from './regions/mockRegions';

export type { District } from './regions/MockRegionProfile';

/** Districts of each region (its mock profile's), weighted roughly by migrant population. */
export const DISTRICTS: Readonly<Record<Region, readonly District[]>> = Object.fromEntries(
  Object.values(MOCK_REGIONS).map((p) => [p.region, p.districts]),
) as unknown as Record<Region, readonly District[]>;

/** The district with this code, in any region; throws for a code the mocks do not use. */
export function districtByCode(code: string): District {
  for (const list of Object.values(DISTRICTS)) {
    const found = list.find((d) => d.code === code);
    if (found) return found;
  }
  throw new RangeError(`no mock district ${code}`);
}

/**
 * Where holders' resident IDs were issued (their hukou), weighted towards the provinces
 * that send most migrants to the delta. A permit is issued outside that place, so the
 * generator skips origins in the issuing city.
 */
export const ORIGIN_CODES: ReadonlyArray<readonly [string, number]> = [
  ['341202', 6], // 阜阳市颍州区
  ['341221', 5], // 临泉县
  ['341222', 4], // 太和县
  ['341602', 3], // 亳州市谯城区
  ['341621', 3], // 涡阳县
  ['341302', 4], // 宿州市埇桥区
  ['341502', 3], // 六安市金安区
  ['340321', 2], // 怀远县
  ['340822', 2], // 怀宁县
  ['340102', 2], // 合肥市瑶海区
  ['340202', 1], // 芜湖市镜湖区
  ['320902', 2], // 盐城市亭湖区
  ['321302', 2], // 宿迁市宿城区
  ['320321', 2], // 丰县
  ['320826', 1], // 涟水县
  ['330382', 1], // 乐清市
  ['331082', 1], // 临海市
  ['330781', 1], // 兰溪市
  ['411302', 3], // 南阳市宛城区
  ['411521', 2], // 罗山县
  ['412722', 2], // 西华县
  ['411627', 2], // 太康县
  ['410102', 1], // 郑州市中原区
  ['511304', 2], // 南充市嘉陵区
  ['511602', 2], // 广安市广安区
  ['510104', 1], // 成都市锦江区
  ['421122', 2], // 红安县
  ['420102', 1], // 武汉市江岸区
  ['360731', 2], // 于都县
  ['361102', 1], // 上饶市信州区
  ['431021', 1], // 桂阳县
  ['430102', 1], // 长沙市芙蓉区
  ['371321', 1], // 沂南县
  ['370102', 1], // 济南市历下区
  ['520521', 1], // 大方县
  ['500101', 1], // 重庆市万州区
  ['230102', 1], // 哈尔滨市道里区
  ['620102', 1], // 兰州市城关区
  ['450102', 1], // 南宁市兴宁区
  ['310104', 1], // 上海市徐汇区
  ['320508', 1], // 苏州市姑苏区
  ['330106', 1], // 杭州市西湖区
];

/** Street names per region (its mock profile's) for the (masked) address line. */
export const STREETS: Readonly<Record<Region, readonly string[]>> = Object.fromEntries(
  Object.values(MOCK_REGIONS).map((p) => [p.region, p.streets]),
) as unknown as Record<Region, readonly string[]>;
