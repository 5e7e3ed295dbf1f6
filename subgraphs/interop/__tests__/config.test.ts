import { chinaToday } from '../../../common/chinaToday';
import { decisionClock, loadInteropConfig } from '../config';
import { PRODUCTION } from '../../__tests__/support/productionEnv';

describe('loadInteropConfig', () => {
  it('takes a fixed DECISION_DATE in development', () => {
    expect(loadInteropConfig({ NODE_ENV: 'development', DECISION_DATE: '2026-11-01' }).DECISION_DATE).toBe('2026-11-01');
  });

  it('refuses a fixed DECISION_DATE in production, naming it', () => {
    expect(() => loadInteropConfig({ ...PRODUCTION, DECISION_DATE: '2026-11-01' })).toThrow(
      /DECISION_DATE: refused outside development: production decides as of today in Asia\/Shanghai/,
    );
    expect(() => loadInteropConfig({ DECISION_DATE: '2026-11-01' })).toThrow(/DECISION_DATE: refused/);
  });

  it('refuses NODE_ENV=test, naming NODE_ENV', () => {
    expect(() => loadInteropConfig({ NODE_ENV: 'test' })).toThrow(/NODE_ENV: must be development or production/);
  });

  it('requires TRUST_REGISTRY_FILE in production: no default to the published mock keys', () => {
    expect(() => loadInteropConfig(PRODUCTION)).toThrow(/TRUST_REGISTRY_FILE: required in production/);
    expect(loadInteropConfig({ ...PRODUCTION, TRUST_REGISTRY_FILE: '/etc/yrd/trust.json' }).trust).toEqual({ source: 'file', file: '/etc/yrd/trust.json' });
    expect(loadInteropConfig({ NODE_ENV: 'development' }).trust).toEqual({ source: 'file', file: 'mocks/trust-registry.json' });
  });

  it('builds the trust registry from MOCK_DEMO_SECRET only when asked by TRUST_REGISTRY=demo', () => {
    expect(loadInteropConfig({ ...PRODUCTION, TRUST_REGISTRY: 'demo' }).trust).toEqual({ source: 'demo', demoSecret: PRODUCTION.MOCK_DEMO_SECRET });
    const { MOCK_DEMO_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(() => loadInteropConfig({ ...withoutSecret, TRUST_REGISTRY: 'demo' })).toThrow(/MOCK_DEMO_SECRET: required by TRUST_REGISTRY=demo/);
    expect(() => loadInteropConfig({ ...PRODUCTION, TRUST_REGISTRY: 'demo', TRUST_REGISTRY_FILE: 'x.json' })).toThrow(/TRUST_REGISTRY_FILE: not read/);
  });

  it('refuses MOCK_FAULTS and a weak demo secret in production', () => {
    const env = { ...PRODUCTION, TRUST_REGISTRY: 'demo' };
    expect(() => loadInteropConfig({ ...env, MOCK_FAULTS: 'true' })).toThrow(/MOCK_FAULTS: refused in production/);
    // Even a fault variable that asks for no fault: production has no fault injection to configure.
    expect(() => loadInteropConfig({ ...env, FAULT_DOWN: 'false', FAULT_LATENCY_MS: '0' })).toThrow(
      /FAULT_LATENCY_MS: refused in production[\s\S]*FAULT_DOWN: refused in production/,
    );
    expect(loadInteropConfig(env).faults).toBeNull();
    expect(() => loadInteropConfig({ ...env, MOCK_DEMO_SECRET: 'qwertyuiopasdfghjklzxcvbnm123456' })).toThrow(/MOCK_DEMO_SECRET: refused in production/);
  });
});

describe('decisionClock', () => {
  it('decides as of today in Asia/Shanghai unless a date is fixed', () => {
    expect(decisionClock('2026-11-01')()).toBe('2026-11-01');
    expect(decisionClock(undefined)()).toBe(chinaToday());
  });
});
