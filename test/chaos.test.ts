import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, isErrorCode } from '../common/errorCodes';
import { SUBGRAPH_NAMES, type ServiceName } from '../common/defaults';
import { REGIONS, regionForAdminCode } from '../common/regions';
import type { Service } from '../common/services';
import { subgraphUrlVariable } from '../gateway/config';
import { createPrng, type Prng } from '../common/prng';
import { loadScenarios, scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gatewayHeaders } from './support/gatewayCredential';
import { gql, type GqlResponse } from './support/graphql';
import { until } from './support/poll';
import { startService, type ServiceProcess } from './support/processes';
import { startSystem, type System } from './support/system';

/*
 * Chaos: partners keep asking while cities are killed, hung, slowed, made flaky and
 * restarted on their port. Every request is answered in time with a documented status
 * and codes, the gateways live on, and no permit is RECOGNISED without fresh verified data.
 */

const ENV = {
  SUBGRAPH_TIMEOUT_MS: '1000',
  BREAKER_VOLUME_THRESHOLD: '4',
  BREAKER_RESET_TIMEOUT_MS: '1000',
  PROBE_INTERVAL_MS: '250',
  // Fresh for 1 s, then stale for plain reads while the region fails: both paths run.
  CACHE_TTL_SECONDS: '1',
  CACHE_STALE_SECONDS: '120',
  // The load is one partner; the rate limit is not under test here.
  RATE_LIMIT_POINTS: '1000000',
};
/** Each client's own deadline: a request not answered by then counts as unanswered. */
const CLIENT_TIMEOUT_MS = 5000;
/** Concurrent clients on the in-process gateway; one more drives the gateway process. */
const CLIENTS = 4;
const LOAD_MS = 16_500;

const PURPOSES = ['PROVIDENT_FUND_WITHDRAWAL', 'MEDICAL_BILLING'] as const satisfies readonly Service[];
const REGISTERED = loadScenarios()
  .filter((s) => s.region && s.registered)
  .map((s) => s.permitId);
const UNREGISTERED = scenarioByName('sh-unregistered').permitId;
const MALFORMED = scenarioByName('malformed-number').permitId;
/** The 4xx statuses a whole request may fail with (common/errorCodes.ts). */
const DOCUMENTED_4XX = new Set<number>(Object.values(ERROR_CODES).map((c) => c.httpStatus).filter((s) => s >= 400 && s < 500));

const LOOKUP = /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id issuer status validUntil holder { name } } }`;
const BATCH = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { id issuer status } } }`;
const VERIFIED = 'decision verification { signatureValid issuerTrusted keyId }';
const DECIDE = /* GraphQL */ `
  query ($id: ID!, $host: Region!, $service: Service!) {
    permit(id: $id) { id issuer recognition(host: $host, service: $service) { ${VERIFIED} } }
  }
`;
const RECOGNISE = /* GraphQL */ `
  query ($requests: [RecognitionRequest!]!) {
    recognise(requests: $requests) { permitId error { code } permit { id requestedRecognition { ${VERIFIED} } } }
  }
`;

type Op = 'lookup' | 'batch' | 'decide' | 'recognise';
interface Request {
  op: Op;
  query: string;
  variables: Record<string, unknown>;
  purpose: Service;
}
type Verified = { decision: string; verification: { signatureValid: boolean; issuerTrusted: boolean } };
type Permit = { id: string; issuer?: string; recognition?: Verified; requestedRecognition?: Verified | null } | null;
interface Data {
  permit?: Permit;
  permits?: Array<{ id: string; error: { code: string } | null; permit: Permit }>;
  recognise?: Array<{ permitId: string; error: { code: string } | null; permit: Permit }>;
}
interface Outcome {
  gateway: 'in-process' | 'process';
  request: Request;
  res?: GqlResponse<Data>;
  /** Why no GraphQL answer came (client timeout, connection error, unreadable body). */
  failure?: string;
}

function nextRequest(prng: Prng): Request {
  const purpose = prng.pick(PURPOSES);
  const ids = (n: number) => Array.from({ length: n }, () => prng.pick(REGISTERED));
  const op = prng.pickWeighted<Op>([
    ['lookup', 3],
    ['batch', 2],
    ['decide', 3],
    ['recognise', 2],
  ]);
  switch (op) {
    case 'lookup':
      return { op, query: LOOKUP, variables: { id: prng.pick(REGISTERED) }, purpose };
    case 'batch':
      return { op, query: BATCH, variables: { ids: [...ids(6), UNREGISTERED, MALFORMED] }, purpose };
    case 'decide':
      return { op, query: DECIDE, variables: { id: prng.pick(REGISTERED), host: prng.pick(REGIONS), service: purpose }, purpose };
    case 'recognise':
      return { op, query: RECOGNISE, variables: { requests: ids(5).map((permitId) => ({ permitId, host: prng.pick(REGIONS), service: purpose })) }, purpose };
  }
}

/** Every decision in a response, with the permit it is about. */
function decisionsOf({ request, res }: Outcome): Array<{ permitId: string } & Verified> {
  const data = res?.data;
  if (request.op === 'decide' && data?.permit?.recognition) return [{ permitId: data.permit.id, ...data.permit.recognition }];
  if (request.op === 'recognise') {
    return (data?.recognise ?? []).flatMap((item) =>
      item.permit?.requestedRecognition ? [{ permitId: item.permitId, ...item.permit.requestedRecognition }] : [],
    );
  }
  return [];
}

/** What an outcome breaks of the promises this test checks; empty when it keeps them all. */
function violations(outcome: Outcome): string[] {
  const { request, res, failure } = outcome;
  const where = `${outcome.gateway} ${request.op} ${JSON.stringify(request.variables)}`;
  if (!res) return [`${where}: no answer (${failure})`];
  const problems: string[] = [];
  const errors = res.errors ?? [];
  // A whole-request refusal (an open breaker refused at the door: 503) carries its code's documented status.
  const documentedStatus =
    errors.length > 0 && errors.every((e) => isErrorCode(e.extensions?.code) && ERROR_CODES[e.extensions.code].httpStatus === res.status);
  if (res.status !== 200 && !DOCUMENTED_4XX.has(res.status) && !documentedStatus) problems.push(`${where}: HTTP ${res.status}`);
  for (const e of errors) {
    if (!isErrorCode(e.extensions?.code)) problems.push(`${where}: undocumented code ${String(e.extensions?.code)}`);
  }
  const explained = (permitId: string) => errors.some((e) => e.extensions?.permitId === permitId || e.extensions?.permitId === undefined);

  for (const d of decisionsOf(outcome)) {
    if (d.decision !== 'RECOGNISED') continue;
    if (!d.verification.signatureValid || !d.verification.issuerTrusted) {
      problems.push(`${where}: RECOGNISED ${d.permitId} without a verified record ${JSON.stringify(d.verification)}`);
    }
    const region = regionForAdminCode(d.permitId.slice(0, 6));
    const regionError = errors.find(
      (e) =>
        String(e.extensions?.code).startsWith('REGION_') &&
        (e.extensions?.permitId === d.permitId || (e.extensions?.permitId === undefined && e.extensions?.region === region)),
    );
    if (regionError) problems.push(`${where}: RECOGNISED ${d.permitId} beside ${String(regionError.extensions?.code)} for it`);
  }
  if (res.extensions?.stale && JSON.stringify(res.data ?? null).includes('"decision"')) {
    problems.push(`${where}: a decision in a response served from stale data`);
  }

  // Every part is answered or explained by an error, and holds what was asked for.
  const data = res.data;
  if (res.status === 200 && !data && !errors.length) problems.push(`${where}: neither data nor errors`);
  if (request.op === 'lookup' || request.op === 'decide') {
    const id = String(request.variables.id);
    if (data && data.permit === null && !explained(id)) problems.push(`${where}: permit null without an error`);
    if (data?.permit && data.permit.issuer !== regionForAdminCode(id.slice(0, 6))) problems.push(`${where}: wrong issuer ${data.permit.issuer}`);
  }
  for (const item of data?.permits ?? []) {
    if (!item.permit && !item.error && !explained(item.id)) problems.push(`${where}: item ${item.id} null without an error`);
    if (item.permit && (item.permit.id !== item.id || item.permit.issuer !== regionForAdminCode(item.id.slice(0, 6)))) {
      problems.push(`${where}: item ${item.id} holds ${JSON.stringify(item.permit)}`);
    }
  }
  for (const item of data?.recognise ?? []) {
    if (!item.permit?.requestedRecognition && !item.error && !explained(item.permitId)) problems.push(`${where}: item ${item.permitId} undecided without an error`);
  }
  return problems;
}

let system: System;
let gatewayProcess: ServiceProcess;
const ports: Partial<Record<ServiceName, string>> = {};
const headers: Partial<Record<Service, Record<string, string>>> = {};

beforeAll(async () => {
  system = await startSystem(ENV);
  for (const [name, s] of Object.entries(system.subgraphs)) ports[name as ServiceName] = new URL(s.baseUrl).port;
  gatewayProcess = await startService('gateway', {
    ...ENV,
    SCHEMA_DIR: 'dist/schemas',
    LOG_LEVEL: 'warn',
    ...Object.fromEntries(SUBGRAPH_NAMES.map((s) => [subgraphUrlVariable(s), system.subgraphs[s]!.graphqlUrl])),
  });
  for (const purpose of PURPOSES) headers[purpose] = await partnerHeaders(purpose);
}, 30_000);
afterAll(async () => {
  await gatewayProcess?.stop();
  await system?.close();
});

const setFaults = async (name: ServiceName, body?: object) => {
  const res = await fetch(`${system.subgraphs[name]!.baseUrl}/__faults`, {
    method: body ? 'POST' : 'DELETE',
    headers: { 'content-type': 'application/json', ...(await gatewayHeaders(name)) },
    body: body && JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`faults of ${name}: HTTP ${res.status}`);
};
const kill = (name: ServiceName) => system.subgraphs[name]!.kill();
const restart = async (name: ServiceName) => {
  system.subgraphs[name] = await startService(name, { ...ENV, PORT: ports[name]! });
};

/** The script, in milliseconds from the start of the load. */
const SCRIPT: Array<[number, string, () => Promise<void>]> = [
  [2000, 'SIGKILL hangzhou', () => kill('hangzhou')],
  [3500, 'hang suzhou', () => setFaults('suzhou', { hang: true })],
  [5000, 'slow anhui (300 ms)', () => setFaults('anhui', { latencyMs: 300 })],
  [6000, 'restart hangzhou on its port', () => restart('hangzhou')],
  [7500, 'suzhou answers again', () => setFaults('suzhou')],
  [7500, 'flaky shanghai (errorRate 0.3)', () => setFaults('shanghai', { errorRate: 0.3 })],
  [9000, 'anhui slower than its timeout (1500 ms)', () => setFaults('anhui', { latencyMs: 1500 })],
  [10_000, 'SIGKILL suzhou', () => kill('suzhou')],
  [11_500, 'anhui down (503)', () => setFaults('anhui', { down: true })],
  [12_500, 'restart suzhou on its port', () => restart('suzhou')],
  [
    14_000,
    'shanghai and anhui healthy again',
    async () => {
      await Promise.all([setFaults('shanghai'), setFaults('anhui')]);
    },
  ],
];

async function runScript(startedAt: number): Promise<void> {
  for (const [atMs, , step] of SCRIPT) {
    await sleep(Math.max(0, startedAt + atMs - Date.now()));
    await step();
  }
}

async function client(seed: string, gateway: Outcome['gateway'], url: string, endAt: number, outcomes: Outcome[]): Promise<void> {
  const prng = createPrng(seed);
  while (Date.now() < endAt) {
    const request = nextRequest(prng);
    try {
      const res = await gql<Data>(url, request.query, request.variables, headers[request.purpose], AbortSignal.timeout(CLIENT_TIMEOUT_MS));
      outcomes.push({ gateway, request, res });
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string } };
      outcomes.push({ gateway, request, failure: `${e.name}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}` });
    }
  }
}

/** Polls `/healthz` and `/readyz` of both gateways through the chaos; returns the failed checks. */
async function watchGateways(endAt: number): Promise<string[]> {
  const failed: string[] = [];
  while (Date.now() < endAt) {
    for (const base of [system.gatewayBase, gatewayProcess.baseUrl]) {
      for (const path of ['/healthz', '/readyz']) {
        const status = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) }).then(
          (r) => r.status,
          (err: Error) => err.name,
        );
        if (status !== 200) failed.push(`${base}${path}: ${status}`);
      }
    }
    await sleep(500);
  }
  return failed;
}

const count = <T>(items: readonly T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});

it('answers every request in time with documented statuses and codes, and never RECOGNISES without fresh verified data', async () => {
  const outcomes: Outcome[] = [];
  const startedAt = Date.now();
  const end = startedAt + LOAD_MS;
  const [, gatewayChecks] = await Promise.all([
    runScript(startedAt),
    watchGateways(end),
    ...Array.from({ length: CLIENTS }, (_, i) => client(`chaos-${i}`, 'in-process', system.gatewayUrl, end, outcomes)),
    client('chaos-process', 'process', gatewayProcess.graphqlUrl, end, outcomes),
  ]);

  const errorCodes = outcomes.flatMap((o) => (o.res?.errors ?? []).map((e) => String(e.extensions?.code)));
  const decisions = outcomes.flatMap(decisionsOf);
  const summary = {
    requests: outcomes.length,
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
    byGateway: count(outcomes, (o) => o.gateway),
    byOp: count(outcomes, (o) => o.request.op),
    byStatus: count(outcomes, (o) => (o.res ? String(o.res.status) : 'no answer')),
    byErrorCode: count(errorCodes, (c) => c),
    decisions: count(decisions, (d) => d.decision),
    staleResponses: outcomes.filter((o) => o.res?.extensions?.stale).length,
    script: SCRIPT.map(([atMs, what]) => `${atMs / 1000}s ${what}`),
  };
  console.log(`chaos summary\n${JSON.stringify(summary, null, 2)}`);

  expect(outcomes.flatMap(violations).slice(0, 20)).toEqual([]);
  expect(gatewayChecks).toEqual([]);
  // The chaos did happen, and the safety checks had something to check.
  expect(summary.requests).toBeGreaterThan(100);
  expect(errorCodes).toEqual(expect.arrayContaining(['REGION_UNAVAILABLE', 'REGION_TIMEOUT']));
  expect(summary.decisions.RECOGNISED).toBeGreaterThan(0);
  expect(summary.staleResponses).toBeGreaterThan(0);

  // Both gateways live on, and every region is served again once the chaos ends.
  expect(gatewayProcess.child.exitCode).toBeNull();
  expect(gatewayProcess.child.signalCode).toBeNull();
  const familyIds = REGIONS.map((region) => loadScenarios().find((s) => s.region === region && s.name.endsWith('-family-valid'))!.permitId);
  for (const url of [system.gatewayUrl, gatewayProcess.graphqlUrl]) {
    const recovered = await until(async () => {
      const res = await gql<Data>(url, BATCH, { ids: familyIds }, headers.PROVIDENT_FUND_WITHDRAWAL, AbortSignal.timeout(CLIENT_TIMEOUT_MS));
      return !res.errors && res.data!.permits!.every((p) => p.permit) ? res : undefined;
    }, 10_000, 250);
    expect(recovered?.data?.permits?.map((p) => p.permit?.issuer)).toEqual([...REGIONS]);
  }
}, 40_000);
