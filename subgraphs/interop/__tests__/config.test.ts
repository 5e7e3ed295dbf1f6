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
});

describe('decisionClock', () => {
  it('decides as of today in Asia/Shanghai unless a date is fixed', () => {
    expect(decisionClock('2026-11-01')()).toBe('2026-11-01');
    expect(decisionClock(undefined)()).toBe(chinaToday());
  });
});
