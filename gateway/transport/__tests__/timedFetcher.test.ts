import type { Fetcher } from '@apollo/utils.fetcher';
import { timedFetcher } from '../timedFetcher';
import { classifyFetchError } from '../transportError';

type Init = { signal?: AbortSignal };

/** A fetcher that answers after `delayMs`, or rejects as fetch does when its signal aborts. */
function slowFetcher(delayMs: number): { fetcher: Fetcher; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const fetcher = ((_url: string, init?: Init) =>
    new Promise((resolve, reject) => {
      const signal = init!.signal!;
      signals.push(signal);
      const timer = setTimeout(() => resolve(new Response('{}')), delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    })) as unknown as Fetcher;
  return { fetcher, signals };
}

describe('timedFetcher', () => {
  it('rejects a fetch still running after timeoutMs with a TimeoutError, which is REGION_TIMEOUT', async () => {
    const { fetcher, signals } = slowFetcher(5_000);
    const error: unknown = await timedFetcher(fetcher, 20)('http://anhui.test/graphql', {}).catch((err: unknown) => err);
    expect(signals[0]!.aborted).toBe(true);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(classifyFetchError(error)).toMatchObject({ code: 'REGION_TIMEOUT' });
  });

  it('lets a fetch within its deadline answer, with a fresh signal per fetch', async () => {
    const { fetcher, signals } = slowFetcher(1);
    const timed = timedFetcher(fetcher, 1_000);
    await expect(timed('http://anhui.test/graphql', {})).resolves.toBeInstanceOf(Response);
    await expect(timed('http://anhui.test/graphql', {})).resolves.toBeInstanceOf(Response);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.some((s) => s.aborted)).toBe(false);
  });

  it('holds the deadline over the body too: a body that stops coming rejects with a TimeoutError', async () => {
    let signal: AbortSignal | undefined;
    const fetcher = (async (_url: string, init?: Init) => {
      signal = init!.signal!;
      // Headers at once, then a body that never ends unless the signal aborts it (as fetch's does).
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"data":'));
          signal!.addEventListener('abort', () => controller.error(signal!.reason));
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    }) as unknown as Fetcher;
    const response = await timedFetcher(fetcher, 20)('http://anhui.test/graphql', {});
    const error: unknown = await response.json().catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(classifyFetchError(error)).toMatchObject({ code: 'REGION_TIMEOUT' });
  });

  it('stops the deadline once the body is read: a finished answer is not aborted later', async () => {
    const { fetcher, signals } = slowFetcher(1);
    const response = await timedFetcher(fetcher, 30)('http://anhui.test/graphql', {});
    await expect(response.text()).resolves.toBe('{}');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(signals[0]!.aborted).toBe(false);
  });
});
