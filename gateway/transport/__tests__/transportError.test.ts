import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { RegionFailure, classifyFetchError } from '../transportError';

const httpError = (status: number) => Object.assign(new Error(`${status}`), { extensions: { response: { status } } });

describe('classifyFetchError', () => {
  it('calls the reason of a fetch deadline REGION_TIMEOUT, whatever realm its DOMException comes from', async () => {
    const signal = AbortSignal.timeout(1);
    await sleep(20);
    expect(classifyFetchError(signal.reason)).toMatchObject({ code: 'REGION_TIMEOUT', reason: 'TimeoutError' });
    const foreign: unknown = runInNewContext(`Object.assign(new Error('aborted'), { name: 'AbortError' })`);
    expect(classifyFetchError(foreign)).toMatchObject({ code: 'REGION_TIMEOUT' });
  });

  it('calls a refused connection and a 5xx REGION_UNAVAILABLE', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyFetchError(refused)).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'ECONNREFUSED' });
    expect(classifyFetchError(httpError(503))).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'HTTP 503' });
  });

  it('leaves a 4xx to the caller: not the region’s failure', () => {
    expect(classifyFetchError(httpError(400))).toBeUndefined();
    expect(classifyFetchError(httpError(413))).toBeUndefined();
  });

  it('calls a 401 or 403 REGION_UNAVAILABLE: the subgraph refused the gateway’s own credential', () => {
    expect(classifyFetchError(httpError(401))).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'HTTP 401: gateway credential refused' });
    expect(classifyFetchError(httpError(403))).toMatchObject({ code: 'REGION_UNAVAILABLE', reason: 'HTTP 403: gateway credential refused' });
  });

  it('passes a RegionFailure through', () => {
    const failure = new RegionFailure('REGION_UNAVAILABLE', 'breaker open', 100);
    expect(classifyFetchError(failure)).toBe(failure);
  });
});
