import { Bulkhead } from '../Bulkhead';
import { BULKHEAD_FULL, RegionFailure } from '../../transportError';

/** A promise and the function that settles it. */
function pending(): { promise: Promise<string>; resolve: (v: string) => void } {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Bulkhead', () => {
  it('refuses the call beyond maxConcurrent at once with REGION_BUSY, without running it', async () => {
    const bulkhead = new Bulkhead('shanghai', 2);
    const held = [pending(), pending()];
    const running = held.map((h) => bulkhead.run(() => h.promise));
    let ran = false;
    const refused = bulkhead.run(async () => {
      ran = true;
      return 'x';
    });
    await expect(refused).rejects.toEqual(expect.objectContaining({ code: 'REGION_BUSY', reason: BULKHEAD_FULL }));
    await expect(refused).rejects.toBeInstanceOf(RegionFailure);
    expect(ran).toBe(false);
    expect(bulkhead.active).toBe(2);
    expect(bulkhead.refused).toBe(1);
    held.forEach((h, i) => h.resolve(`done ${i}`));
    expect(await Promise.all(running)).toEqual(['done 0', 'done 1']);
  });

  it('frees the slot of a call that failed, so the next one runs', async () => {
    const bulkhead = new Bulkhead('suzhou', 1);
    await expect(bulkhead.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(bulkhead.active).toBe(0);
    await expect(bulkhead.run(async () => 'ok')).resolves.toBe('ok');
  });
});
