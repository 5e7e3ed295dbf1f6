import { once } from 'node:events';
import { createLogger } from '../../../../common/logger';
import type { BreakerSettings } from '../BreakerSettings';
import { RegionGuard, type StateChange } from '../RegionGuard';
import { BREAKER_OPEN, RegionFailure } from '../../transportError';

const SETTINGS: BreakerSettings = {
  timeoutMs: 1_000,
  errorThresholdPercent: 50,
  volumeThreshold: 2,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 50,
  slowCallDurationMs: 60_000,
  slowCallRateThresholdPercent: 100,
  maxConcurrent: 100,
};

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
const badRequest = () => Object.assign(new Error('400: Bad Request'), { extensions: { response: { status: 400 } } });
const timedOut = () => Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

const failWith = (err: () => unknown) => () => Promise.reject(err());

let guards: RegionGuard[] = [];

function guard(settings: Partial<BreakerSettings> = {}): { guard: RegionGuard; changes: StateChange[] } {
  const g = new RegionGuard('anhui', 'ANHUI', { ...SETTINGS, ...settings }, createLogger('test', 'silent'));
  const changes: StateChange[] = [];
  g.on('stateChange', (change: StateChange) => changes.push(change));
  guards.push(g);
  return { guard: g, changes };
}

/** Two refused connections: enough to open a breaker with SETTINGS. */
async function trip(g: RegionGuard): Promise<void> {
  for (let i = 0; i < 2; i++) await expect(g.run(failWith(refused))).rejects.toBeInstanceOf(RegionFailure);
}

afterEach(() => {
  for (const g of guards) g.shutdown();
  guards = [];
});

describe('RegionGuard', () => {
  it('resolves with the action’s result and records a success', async () => {
    const { guard: g } = guard();
    await expect(g.run(() => Promise.resolve({ ok: 1 }))).resolves.toEqual({ ok: 1 });
    expect(g.state).toBe('closed');
    expect(g.report().window).toMatchObject({ requests: 1, successRate: 1 });
  });

  it('turns a refused connection into REGION_UNAVAILABLE and records it', async () => {
    const { guard: g } = guard();
    await expect(g.run(failWith(refused))).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'ECONNREFUSED' });
    expect(g.report()).toMatchObject({ window: { requests: 1, successRate: 0 }, lastErrorCode: 'REGION_UNAVAILABLE' });
  });

  it('opens the breaker after 2 refused connections out of 2', async () => {
    const { guard: g, changes } = guard();
    await trip(g);
    expect(g.state).toBe('open');
    expect(changes).toEqual([{ subgraph: 'anhui', state: 'open', remote: false, openedAt: expect.any(Number), reason: 'FAILURE_RATE' }]);
  });

  it('rejects at once with REGION_UNAVAILABLE and a retry delay while open, without calling the action', async () => {
    const { guard: g } = guard();
    await trip(g);
    const action = jest.fn(() => Promise.resolve('called'));
    const rejection = await g.run(action).catch((err: unknown) => err);
    expect(action).not.toHaveBeenCalled();
    expect(rejection).toBeInstanceOf(RegionFailure);
    expect(rejection).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: BREAKER_OPEN });
    const { retryAfterMs } = rejection as RegionFailure;
    expect(retryAfterMs).toBeGreaterThanOrEqual(0);
    expect(retryAfterMs).toBeLessThanOrEqual(SETTINGS.resetTimeoutMs);
    expect(g.report()).toMatchObject({ breaker: 'open', retryAfterMs: expect.any(Number) });
  });

  it('rethrows a 4xx as is, without counting it against the region', async () => {
    const { guard: g } = guard();
    const err = badRequest();
    await expect(g.run(() => Promise.reject(err))).rejects.toBe(err);
    await expect(g.run(failWith(badRequest))).rejects.not.toBeInstanceOf(RegionFailure);
    // 1 failure in 3 fires is under 50 %: the 4xx answers count as the region working.
    await expect(g.run(failWith(refused))).rejects.toBeInstanceOf(RegionFailure);
    expect(g.state).toBe('closed');
    expect(g.report()).toMatchObject({ window: { requests: 1 }, lastErrorCode: 'REGION_UNAVAILABLE' });
  });

  it('never opens on 4xx answers alone', async () => {
    const { guard: g, changes } = guard();
    for (let i = 0; i < 5; i++) await expect(g.run(failWith(badRequest))).rejects.toMatchObject({ extensions: {} });
    expect(g.state).toBe('closed');
    expect(changes).toEqual([]);
    expect(g.report().lastErrorCode).toBeNull();
  });

  it('turns a TimeoutError into REGION_TIMEOUT', async () => {
    const { guard: g } = guard();
    await expect(g.run(failWith(timedOut))).rejects.toMatchObject({ code: 'REGION_TIMEOUT', reason: 'TimeoutError' });
    expect(g.report().lastErrorCode).toBe('REGION_TIMEOUT');
  });

  it('lets one trial through after the reset timeout and closes on its success', async () => {
    const { guard: g, changes } = guard();
    await trip(g);
    if (g.state !== 'halfOpen') await once(g, 'stateChange');
    expect(g.state).toBe('halfOpen');
    expect(g.retryAfterMs()).toBeNull();
    await expect(g.run(() => Promise.resolve('trial'), { trial: true })).resolves.toBe('trial');
    expect(g.state).toBe('closed');
    expect(changes.map((c) => c.state)).toEqual(['open', 'halfOpen', 'closed']);
    expect(changes.every((c) => !c.remote)).toBe(true);
    expect(changes.at(-1)).toMatchObject({ openedAt: null });
  });

  it('never makes a partner request the half-open trial: refuses it unsent and stays half-open', async () => {
    const { guard: g } = guard();
    await trip(g);
    if (g.state !== 'halfOpen') await once(g, 'stateChange');
    const action = jest.fn(() => Promise.resolve('sent'));
    await expect(g.run(action)).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: BREAKER_OPEN });
    expect(action).not.toHaveBeenCalled();
    expect(g.state).toBe('halfOpen');
    expect(g.admitsRequests).toBe(false);
  });

  it('opens again when the half-open trial fails', async () => {
    const { guard: g, changes } = guard();
    await trip(g);
    if (g.state !== 'halfOpen') await once(g, 'stateChange');
    await expect(g.run(failWith(refused), { trial: true })).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE' });
    expect(g.state).toBe('open');
    expect(changes.map((c) => c.state)).toEqual(['open', 'halfOpen', 'open']);
  });

  it('opens on a remote announcement, marked remote, and takes the announced opening time', async () => {
    const { guard: g, changes } = guard({ resetTimeoutMs: 60_000 });
    const openedAt = Date.now() - 59_000;
    g.applyRemote('open', openedAt);
    expect(g.state).toBe('open');
    expect(changes).toEqual([expect.objectContaining({ subgraph: 'anhui', state: 'open', remote: true, openedAt })]);
    expect(g.retryAfterMs()).toBeLessThanOrEqual(1_000);
    const action = jest.fn(() => Promise.resolve('called'));
    await expect(g.run(action)).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: BREAKER_OPEN });
    expect(action).not.toHaveBeenCalled();
  });

  it('closes on a remote announcement and ignores one for the state it is already in', async () => {
    const { guard: g, changes } = guard({ resetTimeoutMs: 60_000 });
    g.applyRemote('closed', null);
    expect(changes).toEqual([]);
    g.applyRemote('open', null);
    g.applyRemote('open', null);
    g.applyRemote('closed', null);
    expect(g.state).toBe('closed');
    expect(changes.map((c) => [c.state, c.remote])).toEqual([['open', true], ['closed', true]]);
    await expect(g.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('marks transitions it causes itself as local again after a remote one', async () => {
    const { guard: g, changes } = guard({ resetTimeoutMs: 60_000 });
    g.applyRemote('open', null);
    g.applyRemote('closed', null);
    await trip(g);
    expect(changes.at(-1)).toMatchObject({ state: 'open', remote: false });
  });

  describe('slow calls', () => {
    const slowOk = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 10));

    it('opens after 2 slow successes out of 2, and reports SLOW_CALL_RATE as the reason', async () => {
      const { guard: g, changes } = guard({ slowCallDurationMs: 1, slowCallRateThresholdPercent: 100, resetTimeoutMs: 60_000 });
      await expect(g.run(slowOk)).resolves.toBe('late');
      expect(g.state).toBe('closed');
      await expect(g.run(slowOk)).resolves.toBe('late');
      expect(g.state).toBe('open');
      expect(changes).toEqual([expect.objectContaining({ state: 'open', remote: false, reason: 'SLOW_CALL_RATE' })]);
      expect(g.report()).toMatchObject({ breaker: 'open', openReason: 'SLOW_CALL_RATE', slowCalls: { thresholdMs: 1, rateThresholdPercent: 100 } });
      await expect(g.run(slowOk)).rejects.toMatchObject({ code: 'REGION_UNAVAILABLE', reason: BREAKER_OPEN });
    });

    it('stays closed while calls are quicker than the slow-call duration', async () => {
      const { guard: g } = guard({ slowCallDurationMs: 60_000, slowCallRateThresholdPercent: 1 });
      for (let i = 0; i < 5; i++) await g.run(slowOk);
      expect(g.state).toBe('closed');
      expect(g.report()).toMatchObject({ openReason: null, slowCalls: { calls: 5, slow: 0 } });
    });

    it('reports FAILURE_RATE for a breaker opened by failures, and no reason once closed', async () => {
      const { guard: g } = guard();
      await trip(g);
      expect(g.report().openReason).toBe('FAILURE_RATE');
      g.applyRemote('closed', null);
      expect(g.report().openReason).toBeNull();
    });

    it('takes the reason another replica announced', () => {
      const { guard: g, changes } = guard({ resetTimeoutMs: 60_000 });
      g.applyRemote('open', Date.now(), 'SLOW_CALL_RATE');
      expect(changes).toEqual([expect.objectContaining({ remote: true, reason: 'SLOW_CALL_RATE' })]);
      expect(g.report().openReason).toBe('SLOW_CALL_RATE');
    });
  });
});
