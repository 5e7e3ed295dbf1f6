import { generateKeyPairSync } from 'node:crypto';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Fetcher } from '@apollo/utils.fetcher';
import { jwtVerify } from 'jose';
import { DEFAULTS } from '../../common/defaults';
import { createLogger } from '../../common/logger';
import { subgraphCredentials } from '../auth/subgraphCredentials';
import type { GatewayContext } from '../GatewayContext';
import { RegionDataSource } from '../RegionDataSource';
import { RegionGuard } from '../resilience/RegionGuard';

const logger = createLogger('test', 'silent');
const settings = {
  timeoutMs: DEFAULTS.subgraphTimeoutMs,
  errorThresholdPercent: DEFAULTS.breakerErrorThresholdPercent,
  volumeThreshold: DEFAULTS.breakerVolumeThreshold,
  rollingWindowMs: DEFAULTS.breakerRollingWindowMs,
  resetTimeoutMs: DEFAULTS.breakerResetTimeoutMs,
};

/** A data source of `shanghai` whose fetcher records the headers and answers `status`. */
function dataSource(status = 200) {
  const keys = generateKeyPairSync('ed25519');
  const sent: Array<Record<string, string>> = [];
  const fetcher: Fetcher = async (_url, init) => {
    sent.push({ ...(init?.headers as Record<string, string>) });
    const body = status === 200 ? { data: { __typename: 'Query' } } : { errors: [{ message: 'no' }] };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }) as unknown as Awaited<ReturnType<Fetcher>>;
  };
  const guard = new RegionGuard('shanghai', 'SHANGHAI', settings, logger);
  const source = new RegionDataSource({ name: 'shanghai', url: 'http://shanghai.test/graphql', guard, credential: subgraphCredentials(keys.privateKey), fetcher, logger });
  const send = (headers: Record<string, string> = {}) =>
    source.process({
      kind: GraphQLDataSourceRequestKind.HEALTH_CHECK,
      request: { query: '{ __typename }', http: { method: 'POST', url: '', headers: new Headers(headers) as never } },
      context: {} as GatewayContext,
    });
  return { send, sent, publicKey: keys.publicKey, close: () => guard.shutdown() };
}

describe('RegionDataSource', () => {
  it('sends the gateway’s credential for its subgraph, and only it, whatever Authorization the request held', async () => {
    const { send, sent, publicKey, close } = dataSource();
    try {
      await send({ authorization: 'Bearer a-partner-token', 'x-other': '1' });
      expect(sent).toHaveLength(1);
      const authorization = Object.entries(sent[0]!).filter(([name]) => name.toLowerCase() === 'authorization');
      expect(authorization).toHaveLength(1);
      const [, value] = authorization[0]!;
      expect(value).not.toContain('a-partner-token');
      const { payload } = await jwtVerify(value.replace(/^Bearer /, ''), publicKey, { issuer: 'yrd-gateway', audience: 'shanghai' });
      expect(payload.exp! - payload.iat!).toBe(60);
    } finally {
      close();
    }
  });

  it('turns a subgraph’s 401 (a key it does not hold) into REGION_UNAVAILABLE, not a crash', async () => {
    const { send, close } = dataSource(401);
    try {
      const res = await send();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['REGION_UNAVAILABLE']);
      expect(JSON.stringify(res)).not.toMatch(/shanghai\.test|UNAUTHENTICATED/);
    } finally {
      close();
    }
  });
});
