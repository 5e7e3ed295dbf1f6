import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../common/defaults';
import { newGatewayKeyPair } from './support/gatewayCredential';
import { startService } from './support/processes';

/* A misconfigured service stops at start-up with a message that names the problem. */

async function startFailure(name: Parameters<typeof startService>[0], env: Record<string, string>): Promise<string> {
  try {
    const started = await startService(name, env);
    await started.stop();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${name} started although misconfigured`);
}

it('stops the interop hub on an invalid policy file, naming the field', async () => {
  const file = join(tmpdir(), `yrd-bad-policy-${process.pid}.json`);
  writeFileSync(file, JSON.stringify([{ version: '2026.1', effectiveFrom: '2026-01-01', effectiveUntil: null, hosts: {} }]));
  const message = await startFailure('interop', { POLICY_FILE: file });
  expect(message).toMatch(/exited with 1/);
  expect(message).toMatch(/policies\[0\]/);
});

it('stops the gateway on invalid variables, naming every one of them', async () => {
  const message = await startFailure('gateway', { SUBGRAPH_TIMEOUT_MS: 'soon', SHANGHAI_URL: 'not a url' });
  expect(message).toMatch(/SUBGRAPH_TIMEOUT_MS/);
  expect(message).toMatch(/SHANGHAI_URL/);
});

it('refuses to start the gateway in production without its secrets', async () => {
  const message = await startFailure('gateway', { NODE_ENV: 'production' });
  expect(message).toMatch(/PARTNER_REGISTRY_FILE/);
  expect(message).toMatch(/AUDIT_HMAC_KEY/);
  expect(message).toMatch(/SUBGRAPH_AUTH_PRIVATE_KEY: required in production/);
});

it('refuses to start the gateway in production with the published development key', async () => {
  const message = await startFailure('gateway', { NODE_ENV: 'production', SUBGRAPH_AUTH_PRIVATE_KEY: DEFAULTS.developmentOnlyGatewayPrivateKey });
  expect(message).toMatch(/SUBGRAPH_AUTH_PRIVATE_KEY: is the published development key/);
});

it('refuses to start a city subgraph or the hub in production without GATEWAY_PUBLIC_KEY', async () => {
  expect(await startFailure('shanghai', { NODE_ENV: 'production' })).toMatch(/GATEWAY_PUBLIC_KEY: required in production/);
  expect(await startFailure('interop', { NODE_ENV: 'production' })).toMatch(/GATEWAY_PUBLIC_KEY: required in production/);
});

it('refuses to start a subgraph in production with the published development key, or a malformed one', async () => {
  const development = await startFailure('suzhou', { NODE_ENV: 'production', GATEWAY_PUBLIC_KEY: DEFAULTS.developmentOnlyGatewayPublicKey });
  expect(development).toMatch(/GATEWAY_PUBLIC_KEY: is the published development key/);
  expect(await startFailure('anhui', { GATEWAY_PUBLIC_KEY: 'not-a-key' })).toMatch(/GATEWAY_PUBLIC_KEY: expected an Ed25519 public key/);
});

describe('in production, a fixed date stops the service, naming the variable', () => {
  it.each(['DECISION_DATE', 'MOCK_AS_OF'])('stops the interop hub on %s', async (variable) => {
    const message = await startFailure('interop', { NODE_ENV: 'production', [variable]: '2026-11-01' });
    expect(message).toMatch(/exited with 1/);
    expect(message).toContain(`${variable}: refused outside development`);
  });

  it('stops a city on MOCK_AS_OF', async () => {
    const message = await startFailure('anhui', { NODE_ENV: 'production', MOCK_AS_OF: '2026-11-01' });
    expect(message).toContain('MOCK_AS_OF: refused outside development');
  });
});

it('refuses NODE_ENV=test, naming NODE_ENV', async () => {
  const message = await startFailure('interop', { NODE_ENV: 'test' });
  expect(message).toMatch(/NODE_ENV: must be development or production/);
});

it('refuses the development audit key and a weak cache key in production, naming each', async () => {
  const message = await startFailure('gateway', {
    NODE_ENV: 'production',
    PARTNER_REGISTRY_FILE: 'config/partners.json',
    AUDIT_HMAC_KEY: DEFAULTS.developmentAuditHmacKey,
    CACHE_ENCRYPTION_KEY: 'a'.repeat(44),
  });
  expect(message).toMatch(/AUDIT_HMAC_KEY: refused in production: is a published development key/);
  expect(message).toMatch(/CACHE_ENCRYPTION_KEY: refused in production: is too guessable/);
});

describe('in production, a published key or seed stops the service', () => {
  const production = () => ({ NODE_ENV: 'production', GATEWAY_PUBLIC_KEY: newGatewayKeyPair().GATEWAY_PUBLIC_KEY });

  it('stops the hub without TRUST_REGISTRY_FILE, and on the mock trust registry', async () => {
    expect(await startFailure('interop', production())).toContain('TRUST_REGISTRY_FILE: required in production');
    const mock = await startFailure('interop', { ...production(), TRUST_REGISTRY_FILE: DEFAULTS.developmentTrustRegistryFile });
    expect(mock).toMatch(/SH-2026-01\W+ is derivable from a published seed/);
  });

  it('stops a city without MOCK_DEMO_SECRET, or with the published seed', async () => {
    expect(await startFailure('shanghai', production())).toContain('MOCK_DEMO_SECRET: required in production');
    const seeded = await startFailure('shanghai', { ...production(), MOCK_DEMO_SECRET: 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=', MOCK_SEED: DEFAULTS.mockSeed });
    expect(seeded).toContain('MOCK_SEED: refused outside development');
  });

  it('stops a city on an app token of 32 × a', async () => {
    const message = await startFailure('suzhou', { ...production(), MOCK_DEMO_SECRET: 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=', APP_CLIENT_TOKEN: 'a'.repeat(32) });
    expect(message).toContain('APP_CLIENT_TOKEN: refused in production: is too guessable');
  });
});
