import { buildingAddress, district, type MockRegionProfile } from './MockRegionProfile';

/** 安徽: no points; permits name their issuing city. */
export const anhui = {
  region: 'ANHUI',
  districts: [
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
  streets: ['长江西路', '黄山路', '潜山路', '徽州大道', '金寨路', '九华山路', '中山路', '北京路', '银湖路', '淮河路'],
  points: () => 0,
  local: (district) => ({ issuingCityCode: district.cityCode, issuingCityName: district.cityName }),
  address: buildingAddress,
} satisfies MockRegionProfile<'ANHUI'>;
