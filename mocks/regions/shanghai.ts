import { district, type MockRegionProfile } from './MockRegionProfile';

/** 上海: category A/B/C by its points, lane (弄) addresses. */
export const shanghai = {
  region: 'SHANGHAI',
  districts: [
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
  streets: ['南京西路', '淮海中路', '张江路', '世纪大道', '漕溪北路', '虹桥路', '四平路', '曹杨路', '莲花路', '共和新路', '长寿路', '沪太路', '松汇路', '嘉松北路'],
  points: (prng, category) => (category === 'A' ? prng.int(100, 190) : category === 'B' ? prng.int(30, 140) : prng.int(0, 60)),
  local: (_district, values) => ({ category: values.category, points: values.points }),
  address: (prng, district, street, room) => `${district.name}${street}${prng.int(1, 1999)}弄${prng.int(1, 80)}号${room}`,
} satisfies MockRegionProfile<'SHANGHAI'>;
