import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { createPrng } from '../../common/prng';
import { NO_FAULTS, cutHangsOnClose, faultInjection, startupFaults, type FaultEnv, type FaultInjection, type FaultState } from '../faults';

/** A tiny app laid out like a subgraph: faults on /graphql only. */
function appWith(initial: Partial<FaultState> = {}, seed = 'test') {
  const faults = faultInjection({ ...NO_FAULTS, ...initial }, { seed });
  const app = express();
  app.use('/__faults', faults.routes);
  app.use('/graphql', faults.middleware, (_req, res) => {
    res.json({ data: { __typename: 'Query' } });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return { app, faults };
}

const query = (app: express.Express) => request(app).post('/graphql').send({ query: '{ __typename }' });

/** The statuses of `n` requests sent one after another. */
async function statuses(app: express.Express, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await query(app)).status);
  return out;
}

const servers: Server[] = [];

/** Listens on port 0; resolves with the server and its URL. Closed after each test. */
async function listening(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    if (server.listening) await closed(server);
  }
});

describe('faultInjection middleware', () => {
  it('passes every request through when no fault is set', async () => {
    const { app } = appWith();
    expect(await statuses(app, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('answers 503 REGION_UNAVAILABLE at once while down, and leaves /healthz alone', async () => {
    const { app } = appWith({ down: true, latencyMs: 5000 });
    const started = Date.now();
    const res = await query(app);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(503);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', fault: 'down', messageZh: expect.any(String) });
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('delays each request by latencyMs', async () => {
    const { app } = appWith({ latencyMs: 150 });
    const started = Date.now();
    expect((await query(app)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails about errorRate of the requests with 500 INTERNAL_ERROR', async () => {
    const { app } = appWith({ errorRate: 0.5 });
    const seen = await statuses(app, 40);
    const failed = seen.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(30);
  });

  it('answers an injected error as a GraphQL response with code INTERNAL_ERROR', async () => {
    const res = await query(appWith({ errorRate: 1 }).app);
    expect(res.status).toBe(500);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'INTERNAL_ERROR', fault: 'error' });
  });

  it('fails exactly the requests the seeded sequence picks, the same on every run', async () => {
    const prng = createPrng('repeat');
    const expected = Array.from({ length: 20 }, () => (prng.next() < 0.3 ? 500 : 200));
    const first = appWith({ errorRate: 0.3 }, 'repeat');
    expect(await statuses(first.app, 20)).toEqual(expected);
    const second = appWith({ errorRate: 0.3 }, 'repeat');
    expect(await statuses(second.app, 20)).toEqual(expected);
  });

  it('restarts the error sequence whenever the faults are set', async () => {
    const { app } = appWith();
    await request(app).post('/__faults').send({ errorRate: 0.5 });
    const once = await statuses(app, 12);
    await request(app).post('/__faults').send({ errorRate: 0.5 });
    expect(await statuses(app, 12)).toEqual(once);
  });

  it('never fails at errorRate 0 and always fails at errorRate 1', async () => {
    expect(new Set(await statuses(appWith({ errorRate: 0 }).app, 20))).toEqual(new Set([200]));
    expect(new Set(await statuses(appWith({ errorRate: 1 }).app, 20))).toEqual(new Set([500]));
  });

  describe('hang', () => {
    it('never answers, until the client gives up, while /healthz still answers', async () => {
      const { app } = appWith({ hang: true });
      const { url } = await listening(app);
      const hung = fetch(`${url}/graphql`, { method: 'POST', signal: AbortSignal.timeout(300) });
      await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });

    it('holds nothing for a client that gave up: the server closes without cutting connections', async () => {
      const { app } = appWith({ hang: true });
      const { server, url } = await listening(app);
      await fetch(`${url}/graphql`, { method: 'POST', signal: AbortSignal.timeout(100) }).catch(() => undefined);
      server.closeIdleConnections();
      await closed(server);
    });

    it('cuts hung requests on shutdown, and any request that would hang after it', async () => {
      const { app, faults } = appWith({ hang: true });
      const { server, url } = await listening(app);
      const hung = fetch(`${url}/graphql`, { method: 'POST' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      faults.shutdown();
      await expect(hung).rejects.toThrow();
      await expect(fetch(`${url}/graphql`, { method: 'POST' })).rejects.toThrow();
      await closed(server);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('cutHangsOnClose shuts the faults down before closing', async () => {
      const calls: string[] = [];
      const faults = { shutdown: () => calls.push('shutdown') } as unknown as FaultInjection;
      const running = cutHangsOnClose({ port: 1, close: async () => void calls.push('close') }, faults);
      await running.close();
      expect(calls).toEqual(['shutdown', 'close']);
      expect(running.port).toBe(1);
    });
  });

  it('drops a request whose client left during the delay instead of handling it later', async () => {
    const faults = faultInjection({ ...NO_FAULTS, latencyMs: 200 }, { seed: 'test' });
    const handled = jest.fn((_req: express.Request, res: express.Response) => void res.json({}));
    const app = express().use('/graphql', faults.middleware, handled);
    const { server, url } = await listening(app);
    await expect(fetch(`${url}/graphql`, { method: 'POST', signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handled).not.toHaveBeenCalled();
    await closed(server);
  });
});

describe('/__faults', () => {
  it('returns the current faults', async () => {
    const { app } = appWith({ latencyMs: 20 });
    const res = await request(app).get('/__faults');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...NO_FAULTS, latencyMs: 20 });
  });

  it('updates only the faults given, and the next request sees them', async () => {
    const { app, faults } = appWith({ latencyMs: 20 });
    const res = await request(app).post('/__faults').send({ down: true });
    expect(res.body).toEqual({ ...NO_FAULTS, latencyMs: 20, down: true });
    expect(faults.state()).toEqual(res.body);
    expect((await query(app)).status).toBe(503);
  });

  it('resets every fault on DELETE', async () => {
    const { app } = appWith({ down: true, errorRate: 1 });
    const res = await request(app).delete('/__faults');
    expect(res.body).toEqual(NO_FAULTS);
    expect((await query(app)).status).toBe(200);
  });

  it.each([
    [{ errorRate: 1.5 }, /errorRate: .*<=1/],
    [{ latencyMs: -1 }, /latencyMs: .*>=0/],
    [{ latencyMs: 2.5 }, /latencyMs: .*int/],
    [{ down: 'yes' }, /down: .*boolean/],
    [{ dwn: true }, /dwn/],
    [[], /\(body\): .*object/],
  ])('rejects %j with 400 and a message naming the problem', async (body, message) => {
    const { app, faults } = appWith();
    const res = await request(app).post('/__faults').send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^invalid fault settings: /);
    expect(res.body.message).toMatch(message);
    expect(faults.state()).toEqual(NO_FAULTS);
  });

  it('rejects malformed JSON with 400 in the same shape', async () => {
    const { app } = appWith();
    const res = await request(app).post('/__faults').set('content-type', 'application/json').send('{"down":');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^invalid fault settings: \(body\)/);
  });
});

describe('startupFaults', () => {
  const env = (over: Partial<FaultEnv> = {}): FaultEnv => ({
    NODE_ENV: 'development',
    FAULT_LATENCY_MS: 0,
    FAULT_ERROR_RATE: 0,
    FAULT_DOWN: false,
    FAULT_HANG: false,
    ...over,
  });

  it('maps FAULT_* to the starting faults when fault injection is on', () => {
    expect(startupFaults(env({ FAULT_LATENCY_MS: 40, FAULT_DOWN: true }), true, 'suzhou')).toEqual({
      ...NO_FAULTS,
      latencyMs: 40,
      down: true,
    });
  });

  it('is null when fault injection is off and no fault is asked for', () => {
    expect(startupFaults(env(), false, 'suzhou')).toBeNull();
  });

  it('names every FAULT_* variable that asks for a fault while fault injection is off', () => {
    expect(() => startupFaults(env({ FAULT_DOWN: true, FAULT_ERROR_RATE: 0.1 }), false, 'suzhou')).toThrow(
      /^suzhou: invalid configuration\n {2}FAULT_ERROR_RATE: .*\n {2}FAULT_DOWN: /,
    );
  });
});
