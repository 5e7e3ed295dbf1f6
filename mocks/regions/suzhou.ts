import { buildingAddress, district, type MockRegionProfile } from './MockRegionProfile';

/** 苏州: points for school admission, district names. */
export const suzhou = {
  region: 'SUZHOU',
  districts: [
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
  streets: ['干将路', '人民路', '十全街', '金鸡湖大道', '苏州大道', '东环路', '长江路', '塔园路', '宝带路', '竹辉路'],
  points: (prng) => prng.int(40, 520),
  local: (district, values) => ({ points: values.points, district: district.name }),
  address: buildingAddress,
} satisfies MockRegionProfile<'SUZHOU'>;
