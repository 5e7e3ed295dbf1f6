import { REGIONS, REGION_INFO } from '../common/regions';
import { subgraphUrlVariable } from '../gateway/config';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { loadScenarios } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, sendHeaders } from './support/graphql';
import { startService, type ServiceProcess } from './support/processes';
import { startSystem, type System } from './support/system';

/* One region down: the others keep being served, the dead one is named. */

beforeAll(async () => sendHeaders(await partnerHeaders('SCHOOLING')));

const familyIds = REGIONS.map((region) => loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer status } } }`;

describe('with a city subgraph process killed', () => {
  let system: System;
  beforeAll(async () => {
    system = await startSystem();
    await system.subgraphs.suzhou!.kill();
  });
  afterAll(() => system?.close());

  it('serves the other regions and names the dead region in an error at its item', async () => {
    const res = await gql<{ permits: Array<{ id: string; permit: { issuer: string } | null }> }>(system.gatewayUrl, BATCH, { ids: familyIds });
    expect(res.status).toBe(200);
    const issuers = res.data!.permits.map((p) => p.permit?.issuer ?? null);
    expect(issuers).toEqual(['SHANGHAI', null, 'HANGZHOU', 'ANHUI']);
    expect(codes(res)).toEqual(['REGION_UNAVAILABLE']);
    expect(res.errors![0]).toMatchObject({
      extensions: { region: 'SUZHOU', subgraph: 'suzhou', permitId: familyIds[1], messageZh: expect.any(String) },
    });
    expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.js/);
  });
});

describe('a gateway process started while a city is down', () => {
  let subgraphs: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  beforeAll(async () => {
    // Anhui never starts: its URL points at a port nothing listens on.
    const up = SUBGRAPH_NAMES.filter((s) => s !== 'anhui');
    subgraphs = await Promise.all(up.map((name) => startService(name)));
    gateway = await startService('gateway', {
      SCHEMA_DIR: 'dist/schemas',
      ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
      [subgraphUrlVariable('anhui')]: 'http://127.0.0.1:9/graphql',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(subgraphs.map((s) => s.stop()));
  });

  it('starts and answers the three live regions', async () => {
    const res = await gql<{ permits: Array<{ permit: { issuer: string } | null }> }>(gateway.graphqlUrl, BATCH, { ids: familyIds });
    expect(res.data!.permits.map((p) => p.permit?.issuer ?? null)).toEqual(['SHANGHAI', 'SUZHOU', 'HANGZHOU', null]);
    expect(res.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'REGION_UNAVAILABLE', region: REGION_INFO.ANHUI.region, permitId: familyIds[3] }),
      }),
    ]);
  });
});
