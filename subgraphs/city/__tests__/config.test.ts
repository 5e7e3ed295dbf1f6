import { chinaToday } from '../../../common/chinaToday';
import { loadCityConfig } from '../config';
import { PRODUCTION } from '../../__tests__/support/productionEnv';

describe('loadCityConfig', () => {
  it('generates the mock registry as of MOCK_AS_OF in development, else as of today', () => {
    expect(loadCityConfig('SUZHOU', { NODE_ENV: 'development', MOCK_AS_OF: '2026-11-01' }).MOCK_AS_OF).toBe('2026-11-01');
    expect(loadCityConfig('SUZHOU', { NODE_ENV: 'development' }).MOCK_AS_OF).toBe(chinaToday());
    expect(loadCityConfig('SUZHOU', { ...PRODUCTION }).MOCK_AS_OF).toBe(chinaToday());
  });

  it('refuses a fixed MOCK_AS_OF in production, naming it', () => {
    expect(() => loadCityConfig('ANHUI', { ...PRODUCTION, MOCK_AS_OF: '2026-11-01' })).toThrow(
      /anhui: invalid configuration\n {2}MOCK_AS_OF: refused outside development/,
    );
  });

  it('refuses NODE_ENV=test, naming NODE_ENV', () => {
    expect(() => loadCityConfig('ANHUI', { NODE_ENV: 'test' })).toThrow(/NODE_ENV: must be development or production/);
  });
});
