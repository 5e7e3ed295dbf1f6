import { SlowCalls } from '../SlowCalls';

const SETTINGS = { slowCallDurationMs: 1000, slowCallRateThresholdPercent: 50, volumeThreshold: 4, rollingWindowMs: 10_000 };

describe('SlowCalls', () => {
  it('calls for opening once the volume is reached and half the calls were slow', () => {
    const calls = new SlowCalls(SETTINGS, () => 0);
    expect(calls.record(1500)).toBe(false);
    expect(calls.record(2000)).toBe(false); // 2 of 2 slow, but under the volume threshold
    expect(calls.record(10)).toBe(false);
    expect(calls.record(10)).toBe(true); // 2 of 4 slow: 50 %
  });

  it('counts a call of exactly the slow-call duration as slow', () => {
    const calls = new SlowCalls({ ...SETTINGS, volumeThreshold: 1, slowCallRateThresholdPercent: 100 }, () => 0);
    expect(calls.record(1000)).toBe(true);
  });

  it('forgets calls older than the rolling window', () => {
    let now = 0;
    const calls = new SlowCalls(SETTINGS, () => now);
    for (let i = 0; i < 3; i++) calls.record(5000);
    now = 10_001;
    expect(calls.record(5000)).toBe(false); // the three old ones left the window
    expect(calls.window()).toEqual({ calls: 1, slow: 1 });
  });

  it('starts a new count after reset', () => {
    const calls = new SlowCalls(SETTINGS, () => 0);
    for (let i = 0; i < 3; i++) calls.record(5000);
    calls.reset();
    expect(calls.window()).toEqual({ calls: 0, slow: 0 });
  });

  it('keeps the count of a full window of 50 000 calls, and drops whole buckets as they leave it', () => {
    let now = 0;
    const calls = new SlowCalls({ ...SETTINGS, volumeThreshold: 1 }, () => now);
    for (let i = 0; i < 50_000; i++) {
      now = i / 5; // 5 calls a millisecond: 50 000 calls over 10 s, all in one window
      calls.record(i % 2 ? 2000 : 10);
    }
    expect(calls.window()).toEqual({ calls: 50_000, slow: 25_000 });
    now = 19_000; // the window now starts at 9 000 ms: only the calls of the last bucket are left
    expect(calls.window()).toEqual({ calls: 5_000, slow: 2_500 });
  });
});
