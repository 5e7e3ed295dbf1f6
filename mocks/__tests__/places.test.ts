import { regionForAdminCode, REGIONS } from '../../common/regions';
import { DISTRICTS, ORIGIN_CODES, STREETS } from '../places';

describe('places', () => {
  it.each(REGIONS)('lists %s districts under codes of that region', (region) => {
    const codes = DISTRICTS[region].map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const d of DISTRICTS[region]) {
      expect(d.code).toMatch(/^\d{6}$/);
      expect(regionForAdminCode(d.code)).toBe(region);
      expect(d.cityCode).toBe(`${d.code.slice(0, 4)}00`);
      expect(d.weight).toBeGreaterThan(0);
    }
    expect(STREETS[region].length).toBeGreaterThan(5);
  });

  it('lists origins across China, many outside the delta', () => {
    const codes = ORIGIN_CODES.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(codes.filter((c) => regionForAdminCode(c) === undefined).length).toBeGreaterThan(15);
  });
});
