import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns a truthy value or `ms` pass; returns the last value. */
export async function until<T>(probe: () => Promise<T>, ms = 10_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  let last = await probe();
  while (!last && Date.now() < end) {
    await sleep(everyMs);
    last = await probe();
  }
  return last;
}
