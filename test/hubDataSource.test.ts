import { generateKeyPairSync } from 'node:crypto';
import { GraphQLDataSourceRequestKind } from '../common/apolloInternals';
import type { Fetcher } from '@apollo/utils.fetcher';
import { defaultGuardSettings } from '../gateway/transport/__tests__/support';
import { createLogger } from '../common/logger';
import { INTEROP_SDL } from '../subgraphs/interop/interopSchema';
import { subgraphCredentials } from '../gateway/auth/subgraphCredentials';
import { newAuditNotes } from '../gateway/audit/AuditNotes';
import type { GatewayContext } from '../gateway/GatewayContext';
import { HubDataSource } from '../gateway/transport/HubDataSource';
import { routingSchema } from '../gateway/transport/localRouting';
import { RegionGuard } from '../gateway/transport/resilience/RegionGuard';

/*
 * The hub's data source notes, for the request's audit, the decisions the hub states in
 * its answer — whatever the operation selected and however the partner aliased it — and
 * nothing the statement does not hold.
 */

const logger = createLogger('test', 'silent');
const settings = defaultGuardSettings;

// A decision fetch the planner could send: `decision` under an alias the audit never reads.
const QUERY = `query($representations:[_Any!]!){_entities(representations:$representations){ ... on ShanghaiPermit { r: requestedRecognition { verdict: decision } } } }`;
const STATED = { permitId: 'P-1', host: 'SUZHOU', service: 'SCHOOLING', decision: 'RECOGNISED' };

/** A hub data source whose hub answers `body`; `ask` sends it one decision fetch in `context`. */
function hub(body: object) {
  const keys = generateKeyPairSync('ed25519');
  const fetcher: Fetcher = async () =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }) as unknown as Awaited<ReturnType<Fetcher>>;
  const guard = new RegionGuard('interop', null, settings, logger);
  const answered: string[] = [];
  const source = new HubDataSource({
    name: 'interop',
    url: 'http://interop.test/graphql',
    guard,
    credential: subgraphCredentials(keys.privateKey),
    fetcher,
    logger,
    cityOf: () => undefined,
    routing: routingSchema(INTEROP_SDL),
    onAnswer: () => answered.push('answer'),
  });
  const ask = (context: GatewayContext) =>
    source.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: QUERY, variables: { representations: [{ __typename: 'ShanghaiPermit', id: 'P-1', decisionContext: 'SUZHOU:SCHOOLING' }] }, http: { method: 'POST', url: '', headers: new Headers() as never } },
      context,
      incomingRequestContext: {} as never,
    });
  return { ask, answered, close: () => guard.shutdown() };
}

describe('HubDataSource', () => {
  it('notes the decisions the hub states in its answer’s extensions, and still calls the audit’s answer hook', async () => {
    const { ask, answered, close } = hub({
      data: { _entities: [{ r: { verdict: 'RECOGNISED' } }] },
      extensions: { yrdDecisions: [STATED, { permitId: 'P-2', decision: 42 }] },
    });
    try {
      const context = { requestId: 'r-1', audit: newAuditNotes() } as GatewayContext;
      const response = await ask(context);
      expect(context.audit.decisions).toEqual([STATED]);
      expect(answered).toEqual(['answer']);
      expect(response.data).toEqual({ _entities: [{ r: { verdict: 'RECOGNISED' } }] });
    } finally {
      close();
    }
  });

  it('notes no decision the hub did not state, whatever its data holds', async () => {
    const { ask, close } = hub({ data: { _entities: [{ r: { verdict: 'RECOGNISED' } }] } });
    try {
      const context = { requestId: 'r-2', audit: newAuditNotes() } as GatewayContext;
      await ask(context);
      expect(context.audit.decisions).toEqual([]);
    } finally {
      close();
    }
  });
});
