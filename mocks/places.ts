import type { Region } from '../common/regions';

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

const district = (code: string, name: string, cityName: string, weight: number): District => ({
  code,
  name,
  cityCode: `${code.slice(0, 4)}00`,
  cityName,
  weight,
});

/** Districts of each region, weighted roughly by migrant population. */
export const DISTRICTS: Readonly<Record<Region, readonly District[]>> = {
  SHANGHAI: [
    district('310101', '黄浦区', '上海市', 2),
    district('310104', '徐汇区', '上海市', 4),
    district('310105', '长宁区', '上海市', 3),
    district('310106', '静安区', '上海市', 3),
    district('310107', '普陀区', '上海市', 4),
    district('310109', '虹口区', '上海市', 2),
    district('310110', '杨浦区', '上海市', 4),
    district('310112', '闵行区', '上海市', 9),
    district('310113', '宝山区', '上海市', 7),
    district('310114', '嘉定区', '上海市', 7),
    district('310115', '浦东新区', '上海市', 14),
    district('310116', '金山区', '上海市', 2),
    district('310117', '松江区', '上海市', 8),
    district('310118', '青浦区', '上海市', 5),
    district('310120', '奉贤区', '上海市', 4),
    district('310151', '崇明区', '上海市', 1),
  ],
  SUZHOU: [
    district('320505', '虎丘区', '苏州市', 6),
    district('320506', '吴中区', '苏州市', 8),
    district('320507', '相城区', '苏州市', 5),
    district('320508', '姑苏区', '苏州市', 5),
    district('320509', '吴江区', '苏州市', 6),
    district('320581', '常熟市', '苏州市', 4),
    district('320582', '张家港市', '苏州市', 4),
    district('320583', '昆山市', '苏州市', 9),
    district('320585', '太仓市', '苏州市', 3),
  ],
  HANGZHOU: [
    district('330102', '上城区', '杭州市', 5),
    district('330105', '拱墅区', '杭州市', 5),
    district('330106', '西湖区', '杭州市', 6),
    district('330108', '滨江区', '杭州市', 6),
    district('330109', '萧山区', '杭州市', 8),
    district('330110', '余杭区', '杭州市', 9),
    district('330111', '富阳区', '杭州市', 3),
    district('330112', '临安区', '杭州市', 2),
    district('330113', '临平区', '杭州市', 4),
    district('330114', '钱塘区', '杭州市', 5),
  ],
  ANHUI: [
    district('340102', '瑶海区', '合肥市', 5),
    district('340103', '庐阳区', '合肥市', 4),
    district('340104', '蜀山区', '合肥市', 6),
    district('340111', '包河区', '合肥市', 6),
    district('340202', '镜湖区', '芜湖市', 3),
    district('340207', '鸠江区', '芜湖市', 3),
    district('340302', '龙子湖区', '蚌埠市', 2),
    district('340303', '蚌山区', '蚌埠市', 2),
    district('340503', '花山区', '马鞍山市', 2),
    district('340803', '大观区', '安庆市', 2),
    district('341102', '琅琊区', '滁州市', 2),
    district('341802', '宣州区', '宣城市', 1),
  ],
};

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

/** Street names per region for the (masked) address line. */
export const STREETS: Readonly<Record<Region, readonly string[]>> = {
  SHANGHAI: ['南京西路', '淮海中路', '张江路', '世纪大道', '漕溪北路', '虹桥路', '四平路', '曹杨路', '莲花路', '共和新路', '长寿路', '沪太路', '松汇路', '嘉松北路'],
  SUZHOU: ['干将路', '人民路', '十全街', '金鸡湖大道', '苏州大道', '东环路', '长江路', '塔园路', '宝带路', '竹辉路'],
  HANGZHOU: ['文三路', '天目山路', '延安路', '解放路', '江南大道', '学院路', '莫干山路', '古墩路', '文一西路', '滨盛路'],
  ANHUI: ['长江西路', '黄山路', '潜山路', '徽州大道', '金寨路', '九华山路', '中山路', '北京路', '银湖路', '淮河路'],
};
