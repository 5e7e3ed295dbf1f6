import { buildingAddress, district, type MockRegionProfile } from './MockRegionProfile';

/** 杭州: points, district names. */
export const hangzhou = {
  region: 'HANGZHOU',
  districts: [
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
  streets: ['文三路', '天目山路', '延安路', '解放路', '江南大道', '学院路', '莫干山路', '古墩路', '文一西路', '滨盛路'],
  points: (prng) => prng.int(20, 260),
  local: (district, values) => ({ points: values.points, district: district.name }),
  address: buildingAddress,
} satisfies MockRegionProfile<'HANGZHOU'>;
