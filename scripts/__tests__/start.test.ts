import { DEFAULT_PORTS } from '../../common/defaults';
import { gatewayPublicKeyOf } from '../../common/gatewayCredential';
import { childEnv, loadStartConfig } from '../start';

describe('loadStartConfig', () => {
  it('defaults to ports 4000 to 4005, development, and the mock as-of date as decision date', () => {
    expect(loadStartConfig({})).toEqual({
      ports: DEFAULT_PORTS,
      nodeEnv: 'development',
      fixedDates: { mockAsOf: '2026-11-01', decisionDate: '2026-11-01' },
    });
  });

  it('moves each service to its <SERVICE>_PORT', () => {
    const config = loadStartConfig({ GATEWAY_PORT: '5000', ANHUI_PORT: '5005' });
    expect(config.ports).toEqual({ ...DEFAULT_PORTS, gateway: 5000, anhui: 5005 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadStartConfig({ GATEWAY_PORT: '', NODE_ENV: '' })).toMatchObject({ ports: { gateway: 4000 }, nodeEnv: 'development' });
  });

  it('keeps NODE_ENV production when it is set, and fixes no date there', () => {
    expect(loadStartConfig({ NODE_ENV: 'production' })).toMatchObject({ nodeEnv: 'production', fixedDates: undefined });
  });

  it('refuses NODE_ENV=test, naming NODE_ENV', () => {
    expect(() => loadStartConfig({ NODE_ENV: 'test' })).toThrow(/NODE_ENV: must be development or production/);
  });

  it('decides as of DECISION_DATE, else MOCK_AS_OF, in development', () => {
    expect(loadStartConfig({ MOCK_AS_OF: '2027-03-01' }).fixedDates).toEqual({ mockAsOf: '2027-03-01', decisionDate: '2027-03-01' });
    expect(loadStartConfig({ MOCK_AS_OF: '2027-03-01', DECISION_DATE: '2027-06-30' }).fixedDates).toEqual({
      mockAsOf: '2027-03-01',
      decisionDate: '2027-06-30',
    });
  });

  it('refuses a fixed date in production, naming the variable', () => {
    expect(() => loadStartConfig({ NODE_ENV: 'production', DECISION_DATE: '2026-11-01' })).toThrow(
      /DECISION_DATE: refused outside development/,
    );
    expect(() => loadStartConfig({ NODE_ENV: 'production', MOCK_AS_OF: '2026-11-01' })).toThrow(/MOCK_AS_OF: refused outside development/);
  });

  it('refuses in production one secret given to two services’ roles, which no single service can see', () => {
    const key = 'q3Jm2XvN8sYpL0aW7tKc1RfG4hZb9DeU5iOyTnQx6Mw=';
    expect(() => loadStartConfig({ NODE_ENV: 'production', AUDIT_HMAC_KEY: key, APP_CLIENT_TOKEN: key })).toThrow(
      /APP_CLIENT_TOKEN: is \(nearly\) the same as AUDIT_HMAC_KEY/,
    );
    expect(loadStartConfig({ NODE_ENV: 'development', AUDIT_HMAC_KEY: key, APP_CLIENT_TOKEN: key }).nodeEnv).toBe('development');
  });

  it('stops on a port that is not a number, naming the variable', () => {
    expect(() => loadStartConfig({ SUZHOU_PORT: 'abc' })).toThrow(/npm start: invalid configuration\n {2}SUZHOU_PORT: /);
  });

  it('refuses port 0 and ports above 65535', () => {
    expect(() => loadStartConfig({ GATEWAY_PORT: '0' })).toThrow(/GATEWAY_PORT: must be a port from 1 to 65535/);
    expect(() => loadStartConfig({ INTEROP_PORT: '65536' })).toThrow(/INTEROP_PORT: /);
    expect(() => loadStartConfig({ HANGZHOU_PORT: '4004.5' })).toThrow(/HANGZHOU_PORT: /);
  });

  it('refuses two services on one port, naming both variables', () => {
    expect(() => loadStartConfig({ SHANGHAI_PORT: '4000' })).toThrow(/SHANGHAI_PORT: 4000 is already GATEWAY_PORT/);
  });

  it('reports every bad variable at once', () => {
    expect(() =>
      loadStartConfig({ GATEWAY_PORT: 'x', ANHUI_PORT: '-1', NODE_ENV: 'staging', MOCK_AS_OF: '1 Nov 2026', DECISION_DATE: 'today' }),
    ).toThrow(/GATEWAY_PORT[\s\S]*ANHUI_PORT[\s\S]*NODE_ENV[\s\S]*MOCK_AS_OF[\s\S]*DECISION_DATE/);
  });
});

describe('childEnv', () => {
  const config = loadStartConfig({});
  const seed = Buffer.alloc(32, 7).toString('base64url');

  it('passes no key when none is set: every process takes the development pair', () => {
    expect(childEnv('gateway', {}, config).SUBGRAPH_AUTH_PRIVATE_KEY).toBeUndefined();
    expect(childEnv('shanghai', {}, config).GATEWAY_PUBLIC_KEY).toBeUndefined();
  });

  it('gives the subgraphs the public half of SUBGRAPH_AUTH_PRIVATE_KEY, and the private key to the gateway only', () => {
    const env = { SUBGRAPH_AUTH_PRIVATE_KEY: seed };
    expect(childEnv('gateway', env, config).SUBGRAPH_AUTH_PRIVATE_KEY).toBe(seed);
    for (const subgraph of ['interop', 'shanghai', 'anhui'] as const) {
      const sub = childEnv(subgraph, env, config);
      expect(sub.SUBGRAPH_AUTH_PRIVATE_KEY).toBeUndefined();
      expect(sub.GATEWAY_PUBLIC_KEY).toBe(gatewayPublicKeyOf(seed));
    }
  });

  it('gives each process only its own secrets: the gateway’s keys to the gateway, the app token and demo secret to the subgraphs that read them', () => {
    const secret = (name: string) => `${name}-value-of-this-test`;
    const env = {
      PATH: '/usr/bin',
      SUBGRAPH_AUTH_PRIVATE_KEY: seed,
      ...Object.fromEntries(
        ['AUDIT_HMAC_KEY', 'AUDIT_CHAIN_KEY', 'AUDIT_SIGNING_KEY', 'CACHE_ENCRYPTION_KEY', 'APP_CLIENT_TOKEN', 'MOCK_DEMO_SECRET', 'TRUST_REGISTRY', 'SOME_OTHER_SECRET'].map((k) => [k, secret(k)]),
      ),
    };
    const held = (service: 'gateway' | 'interop' | 'shanghai') =>
      Object.keys(childEnv(service, env, config)).filter((k) => k in env).sort();
    expect(held('gateway')).toEqual(['AUDIT_CHAIN_KEY', 'AUDIT_HMAC_KEY', 'AUDIT_SIGNING_KEY', 'CACHE_ENCRYPTION_KEY', 'PATH', 'SUBGRAPH_AUTH_PRIVATE_KEY']);
    expect(held('interop')).toEqual(['MOCK_DEMO_SECRET', 'PATH', 'TRUST_REGISTRY']);
    expect(held('shanghai')).toEqual(['APP_CLIENT_TOKEN', 'MOCK_DEMO_SECRET', 'PATH']);
  });

  it('passes no variable a service’s schema does not read, beside the process’s own', () => {
    const gateway = childEnv('gateway', { PATH: '/usr/bin', NODE_OPTIONS: '--enable-source-maps', MOCK_SIZE: '10' }, config);
    expect(gateway).toMatchObject({ PATH: '/usr/bin', NODE_OPTIONS: '--enable-source-maps', NODE_ENV: 'development' });
    expect(gateway).not.toHaveProperty('MOCK_SIZE');
    expect(gateway).not.toHaveProperty('MOCK_AS_OF');
    expect(childEnv('anhui', { MOCK_SIZE: '10' }, config)).toMatchObject({ MOCK_SIZE: '10', MOCK_AS_OF: '2026-11-01' });
  });

  it('keeps a GATEWAY_PUBLIC_KEY that is set', () => {
    const env = { SUBGRAPH_AUTH_PRIVATE_KEY: seed, GATEWAY_PUBLIC_KEY: 'as-set' };
    expect(childEnv('suzhou', env, config).GATEWAY_PUBLIC_KEY).toBe('as-set');
  });
});
