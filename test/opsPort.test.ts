import { freePort } from './support/privateRedis';
import { startService, type ServiceProcess } from './support/processes';

/*
 * OPS_PORT: the operations endpoints on a port of their own, so the partner-facing port
 * no longer describes the system (breaker states, error counts, region health).
 */

let gateway: ServiceProcess;
let opsBase: string;
beforeAll(async () => {
  const opsPort = await freePort();
  opsBase = `http://127.0.0.1:${opsPort}`;
  // No subgraphs: the gateway composes from the SDL files and serves its operations endpoints regardless.
  gateway = await startService('gateway', { OPS_PORT: String(opsPort), INTEROP_URL: 'http://127.0.0.1:9/graphql' });
});
afterAll(() => gateway?.stop());

it('serves /metrics and /health/regions on OPS_PORT only', async () => {
  const metrics = await fetch(`${opsBase}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toMatch(/^yrd_breaker_state\{subgraph="shanghai"\} \d$/m);
  expect((await fetch(`${opsBase}/health/regions`)).status).toBe(200);

  for (const path of ['/metrics', '/health/regions']) {
    const res = await fetch(`${gateway.baseUrl}${path}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('NOT_FOUND');
  }
});

it('keeps /healthz and /readyz on the public port for load balancers, and serves them on OPS_PORT too', async () => {
  for (const base of [gateway.baseUrl, opsBase]) {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }
});

it('serves no GraphQL on OPS_PORT', async () => {
  const res = await fetch(`${opsBase}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  expect(res.status).toBe(404);
});
