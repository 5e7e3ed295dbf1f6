import { randomBytes, type KeyObject } from 'node:crypto';
import { gatewayHeaders, newGatewayKeyPair } from './support/gatewayCredential';
import { codes, gql } from './support/graphql';
import { startService, type ServiceProcess } from './support/processes';

/* Fault injection in a real city process: set at start by env, changed at run time. */

const TYPENAME = /* GraphQL */ `{ __typename }`;

/* Every request but /healthz carries the gateway's credential, as the gateway's would. */

const setFaults = async (service: ServiceProcess, method: 'POST' | 'DELETE', body?: object, key?: KeyObject) =>
  fetch(`${service.baseUrl}/__faults`, {
    method,
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(service.name, key)) },
    body: body && JSON.stringify(body),
  });

const getFaults = async (service: ServiceProcess) =>
  fetch(`${service.baseUrl}/__faults`, { headers: await gatewayHeaders(service.name) });

const postQuery = async (service: ServiceProcess, signal?: AbortSignal) =>
  fetch(service.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(service.name)) },
    body: JSON.stringify({ query: TYPENAME }),
    signal,
  });

const typename = async (service: ServiceProcess, key?: KeyObject) =>
  gql(service.graphqlUrl, TYPENAME, undefined, await gatewayHeaders(service.name, key));

describe('a city subgraph started with FAULT_DOWN=true', () => {
  let suzhou: ServiceProcess;
  beforeAll(async () => {
    suzhou = await startService('suzhou', { FAULT_DOWN: 'true' });
  });
  afterAll(() => suzhou?.stop());

  it('answers /graphql with 503 REGION_UNAVAILABLE, while /healthz says the process lives', async () => {
    const res = await typename(suzhou);
    expect(res.status).toBe(503);
    expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
    expect((await fetch(`${suzhou.baseUrl}/healthz`)).status).toBe(200);
  });

  it('hangs once POST /__faults says so: the client times out, /healthz still answers', async () => {
    const set = await setFaults(suzhou, 'POST', { down: false, hang: true });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ down: false, hang: true });
    await expect(postQuery(suzhou, AbortSignal.timeout(300))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await fetch(`${suzhou.baseUrl}/healthz`)).status).toBe(200);
  });

  it('rejects an invalid setting with 400 and keeps the faults it had', async () => {
    const res = await setFaults(suzhou, 'POST', { errorRate: 2 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/errorRate/);
    expect(await (await getFaults(suzhou)).json()).toMatchObject({ hang: true, errorRate: 0 });
  });

  it('answers normally again after DELETE /__faults', async () => {
    expect((await setFaults(suzhou, 'DELETE')).status).toBe(200);
    const res = await typename(suzhou);
    expect(res).toEqual({ status: 200, data: { __typename: 'Query' } });
  });
});

describe('a city subgraph with a hung request', () => {
  it('still shuts down promptly on SIGTERM, cutting the hung request', async () => {
    const hangzhou = await startService('hangzhou', { FAULT_HANG: 'true' });
    try {
      const hung = postQuery(hangzhou).then(
        () => 'answered',
        () => 'cut',
      );
      // Let the request reach the server before the signal.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await hangzhou.stop();
      // The drain grace is 10 s: well under it means the hang did not hold the drain.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(hangzhou.child.exitCode).toBe(0);
      expect(await hung).toBe('cut');
    } finally {
      await hangzhou.kill();
    }
  });
});

describe('where fault injection is off', () => {
  it('has no /__faults under NODE_ENV=production', async () => {
    const keys = newGatewayKeyPair();
    const interop = await startService('interop', {
      NODE_ENV: 'production',
      GATEWAY_PUBLIC_KEY: keys.GATEWAY_PUBLIC_KEY,
      TRUST_REGISTRY: 'demo',
      MOCK_DEMO_SECRET: randomBytes(32).toString('base64'),
    });
    try {
      expect((await setFaults(interop, 'POST', { down: true }, keys.privateKey)).status).toBe(404);
      expect((await typename(interop, keys.privateKey)).status).toBe(200);
    } finally {
      await interop.stop();
    }
  });

  it('refuses MOCK_FAULTS in production: /__faults would let anyone on the network take a region down', async () => {
    const env = { NODE_ENV: 'production', GATEWAY_PUBLIC_KEY: newGatewayKeyPair().GATEWAY_PUBLIC_KEY, MOCK_DEMO_SECRET: randomBytes(32).toString('base64') };
    await expect(startService('anhui', { ...env, MOCK_FAULTS: 'true' })).rejects.toThrow(/MOCK_FAULTS: refused in production/);
  });

  it('refuses to start when a FAULT_* variable asks for a fault with MOCK_FAULTS=false', async () => {
    await expect(startService('anhui', { MOCK_FAULTS: 'false', FAULT_DOWN: 'true' })).rejects.toThrow(
      /FAULT_DOWN: asks for a fault, but fault injection is off/,
    );
  });
});
