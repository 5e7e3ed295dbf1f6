import { chinaToday } from '../../../common/chinaToday';
import { DEFAULTS } from '../../../common/defaults';
import { demoMockSeed } from '../../../common/mockIssuerKeys';
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

  it('refuses in production a mock registry from the published seed: MOCK_DEMO_SECRET required, MOCK_SEED refused', () => {
    const { MOCK_DEMO_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(() => loadCityConfig('SHANGHAI', withoutSecret)).toThrow(/MOCK_DEMO_SECRET: required in production/);
    expect(() => loadCityConfig('SHANGHAI', { ...PRODUCTION, MOCK_SEED: DEFAULTS.mockSeed })).toThrow(/MOCK_SEED: refused outside development/);
  });

  it('derives the production seed from MOCK_DEMO_SECRET, and keeps the published seed in development', () => {
    expect(loadCityConfig('SHANGHAI', PRODUCTION).MOCK_SEED).toBe(demoMockSeed(PRODUCTION.MOCK_DEMO_SECRET));
    expect(loadCityConfig('SHANGHAI', PRODUCTION).MOCK_SEED).not.toBe(DEFAULTS.mockSeed);
    expect(loadCityConfig('SHANGHAI', { NODE_ENV: 'development' }).MOCK_SEED).toBe(DEFAULTS.mockSeed);
  });

  it.each([
    ['32 × a', 'a'.repeat(32), /APP_CLIENT_TOKEN: refused in production: is too guessable/],
    ['the development token with a character added', `${DEFAULTS.developmentOnlyAppClientToken}!`, /APP_CLIENT_TOKEN: refused in production: is within 8 edits/],
    ['the demo secret', 'the demo secret', /APP_CLIENT_TOKEN: refused in production: is \(nearly\) the same as MOCK_DEMO_SECRET/],
  ])('refuses an APP_CLIENT_TOKEN that is %s', (_what, token, why) => {
    const value = token === 'the demo secret' ? PRODUCTION.MOCK_DEMO_SECRET : token;
    expect(() => loadCityConfig('SUZHOU', { ...PRODUCTION, APP_CLIENT_TOKEN: value })).toThrow(why);
  });

  it('refuses a typed MOCK_DEMO_SECRET and MOCK_FAULTS in production', () => {
    expect(() => loadCityConfig('SUZHOU', { ...PRODUCTION, MOCK_DEMO_SECRET: 'abcdefghijklmnopqrstuvwxyz012345' })).toThrow(
      /MOCK_DEMO_SECRET: refused in production: is too guessable/,
    );
    for (const value of ['true', 'false']) {
      expect(() => loadCityConfig('SUZHOU', { ...PRODUCTION, MOCK_FAULTS: value })).toThrow(/MOCK_FAULTS: refused in production/);
    }
  });
});
