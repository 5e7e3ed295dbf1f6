import { REGION_INFO, REGIONS, isRegion, regionForAdminCode, regionForTypename, type Region } from '../regions';

describe('regionForAdminCode', () => {
  it.each<[string, Region]>([
    ['310000', 'SHANGHAI'],
    ['310101', 'SHANGHAI'],
    ['310115', 'SHANGHAI'],
    ['319999', 'SHANGHAI'],
    ['320500', 'SUZHOU'],
    ['320505', 'SUZHOU'],
    ['320508', 'SUZHOU'],
    ['330100', 'HANGZHOU'],
    ['330106', 'HANGZHOU'],
    ['330110', 'HANGZHOU'],
    ['340000', 'ANHUI'],
    ['340100', 'ANHUI'],
    ['340200', 'ANHUI'],
    ['341800', 'ANHUI'],
  ])('puts %s in %s', (adminCode, region) => {
    expect(regionForAdminCode(adminCode)).toBe(region);
  });

  it.each([
    ['110101', 'Beijing'],
    ['320000', 'Jiangsu province, not Suzhou'],
    ['320100', 'Nanjing, Jiangsu but not Suzhou'],
    ['320600', 'Nantong, next to the Suzhou prefix'],
    ['330000', 'Zhejiang province, not Hangzhou'],
    ['330200', 'Ningbo, Zhejiang but not Hangzhou'],
    ['350100', 'Fuzhou'],
    ['440305', 'Shenzhen'],
    ['300000', 'no province'],
    ['000000', 'no province'],
  ])('finds no connected region for %s (%s)', (adminCode) => {
    expect(regionForAdminCode(adminCode)).toBeUndefined();
  });

  it('finds each region from a code made of its own prefix', () => {
    const codes = REGIONS.flatMap((r) => REGION_INFO[r].issuingCodePrefixes.map((p) => p.padEnd(6, '0')));
    expect(codes.map(regionForAdminCode)).toEqual(['SHANGHAI', 'SUZHOU', 'HANGZHOU', 'ANHUI']);
  });
});

describe('isRegion', () => {
  it.each(REGIONS)('accepts %s', (region) => {
    expect(isRegion(region)).toBe(true);
  });

  it.each<unknown>(['shanghai', 'Shanghai', 'BEIJING', '', 'toString', null, undefined, 31, ['SHANGHAI']])(
    'refuses %p',
    (value) => {
      expect(isRegion(value)).toBe(false);
    },
  );
});

describe('regionForTypename', () => {
  it.each<[string, Region]>([
    ['ShanghaiPermit', 'SHANGHAI'],
    ['SuzhouPermit', 'SUZHOU'],
    ['HangzhouPermit', 'HANGZHOU'],
    ['AnhuiPermit', 'ANHUI'],
  ])('maps %s to %s', (typename, region) => {
    expect(regionForTypename(typename)).toBe(region);
  });

  it.each(['Permit', 'shanghaiPermit', 'BeijingPermit', ''])('maps %j to no region', (typename) => {
    expect(regionForTypename(typename)).toBeUndefined();
  });
});

describe('REGION_INFO', () => {
  it.each(REGIONS)('files %s under its own enum value', (region) => {
    expect(REGION_INFO[region].region).toBe(region);
  });

  it('gives every region its own subgraph and typename', () => {
    const infos = REGIONS.map((r) => REGION_INFO[r]);
    expect(new Set(infos.map((i) => i.subgraph)).size).toBe(REGIONS.length);
    expect(new Set(infos.map((i) => i.permitTypename)).size).toBe(REGIONS.length);
  });

  it('lists the issuing prefixes of docs/domain.md', () => {
    expect(Object.fromEntries(REGIONS.map((r) => [r, REGION_INFO[r].issuingCodePrefixes]))).toEqual({
      SHANGHAI: ['31'],
      SUZHOU: ['3205'],
      HANGZHOU: ['3301'],
      ANHUI: ['34'],
    });
  });
});
