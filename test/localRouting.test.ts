import { GraphQLDataSourceRequestKind } from '../common/apolloInternals';
import { parse } from 'graphql';
import { localRouting, routingSchema } from '../gateway/transport/localRouting';
import type { Send, SubgraphRequest } from '../gateway/transport/Send';
import { loadScenarios } from '../mocks/scenarios';
import { INTEROP_SDL } from '../subgraphs/interop/interopSchema';
import { gatewayHeaders } from './support/gatewayCredential';
import { startService, type ServiceProcess } from './support/processes';

/* The gateway's routing answer is the hub's answer, without the round trip. */

const scenarios = loadScenarios();
const ids = [
  ...scenarios.filter((s) => s.region).slice(0, 4).map((s) => s.permitId),
  scenarios.find((s) => s.region && !s.registered)!.permitId,
  '1101012024000005017', // Beijing: unconnected
  '12345', // malformed
];

/** Fetches as @apollo/gateway's planner writes them for the hub. */
const ROUTING_FETCHES: Array<[string, string, Record<string, unknown>]> = [
  ['a lookup', `query Q__interop__0($id:ID!){permit(id:$id){__typename id decisionContext}}`, { id: ids[0] }],
  ['an aliased lookup', `query Q__interop__0($id:ID!){p:permit(id:$id){__typename id}}`, { id: ids[2] }],
  ['a batch with bad items', `query B__interop__0($ids:[ID!]!){permits(ids:$ids){id error{code messageEn messageZh}permit{__typename id decisionContext}}}`, { ids }],
  [
    'recognise',
    `query R__interop__0($r:[RecognitionRequest!]!){recognise(requests:$r){permitId host service error{code}permit{__typename id decisionContext}}}`,
    { r: ids.map((permitId) => ({ permitId, host: 'SUZHOU', service: 'SCHOOLING' })) },
  ],
];

function request(query: string, variables: Record<string, unknown>): SubgraphRequest {
  return { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query, variables }, document: parse(query), context: {}, incomingRequestContext: {} as never };
}

let hub: ServiceProcess;
beforeAll(async () => {
  hub = await startService('interop');
});
afterAll(() => hub?.stop());

async function askHub(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(hub.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders('interop')) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

describe('localRouting', () => {
  const sent: SubgraphRequest[] = [];
  const toHub: Send = async (r) => {
    sent.push(r);
    return { data: { sent: true } };
  };
  const routed = localRouting(toHub, routingSchema(INTEROP_SDL));

  it.each(ROUTING_FETCHES)('answers %s exactly as the hub does, without sending it', async (_label, query, variables) => {
    sent.length = 0;
    const local = await routed(request(query, variables));
    expect(sent).toHaveLength(0);
    expect(JSON.parse(JSON.stringify(local))).toEqual(await askHub(query, variables));
  });

  it('sends everything else to the hub: decisions, policies, regions, mixed root fields', async () => {
    sent.length = 0;
    for (const query of [
      `query($representations:[_Any!]!){_entities(representations:$representations){...on ShanghaiPermit{recognition(host:SUZHOU,service:SCHOOLING){decision}}}}`,
      `{ regions { region } }`,
      `{ recognitionPolicies { version } }`,
      `query($id:ID!){ permit(id:$id){ id } regions { region } }`,
    ]) {
      await expect(routed(request(query, { id: ids[0] }))).resolves.toEqual({ data: { sent: true } });
    }
    expect(sent).toHaveLength(4);
  });
});
