import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULTS, type ServiceName } from '../common/defaults';
import { listen, type RunningService } from '../common/httpService';
import { createLogger } from '../common/logger';
import { permitIdHasher } from '../gateway/audit/permitIdHasher';
import { loadGatewayConfig, subgraphUrlVariable } from '../gateway/config';
import { createGateway } from '../gateway/createGateway';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { spoolEntries, spoolRecordsOf } from './support/auditSpool';
import { startSystem, type System } from './support/system';

/*
 * Every release accounted (issue 20): verifyPresentation names its code's permit like a
 * lookup (case and officer required, the permit hashed in its record, fail closed); every
 * request of a known partner leaves exactly one record, whatever went wrong before GraphQL
 * ran, and a refused media type is refused before anything runs (no code spent); a
 * record lists the fields that went out, stale ones included; aliased decisions count.
 */

const dir = mkdtempSync(join(tmpdir(), 'every-release-'));
const SPOOL = join(dir, 'audit.jsonl');
const hashPermitId = permitIdHasher(DEFAULTS.developmentAuditHmacKey);
const SH = scenarioByName('sh-family-valid').permitId;

let system: System;
/** A second gateway over the same subgraphs whose audit can write nowhere (no Redis, its file's folder is a file). */
let closed: RunningService;
beforeAll(async () => {
  // A 1 s fresh life and 5 min of stale life: the stale test serves an expired entry.
  // A 1 s body deadline: the trickled-body test waits for it.
  system = await startSystem({ AUDIT_SPOOL_FILE: SPOOL, CACHE_TTL_SECONDS: '1', CACHE_STALE_SECONDS: '300', BODY_TIMEOUT_MS: '1000' });
  const notADirectory = join(dir, 'not-a-directory');
  writeFileSync(notADirectory, '');
  const config = loadGatewayConfig({
    NODE_ENV: 'development',
    SCHEMA_DIR: 'dist/schemas',
    AUDIT_SPOOL_FILE: join(notADirectory, 'spool.jsonl'),
    ...Object.fromEntries(Object.values(system.subgraphs).map((s) => [subgraphUrlVariable(s.name as ServiceName), s.graphqlUrl])),
  });
  closed = await listen(await createGateway({ config, logger: createLogger('gateway', 'silent') }), 0, '127.0.0.1', 1000);
});
afterAll(async () => {
  await closed?.close();
  await system?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every record of the trail, and those of one request by its caller's id. */
const entries = () => spoolEntries(SPOOL);
const recordsOf = (id: string) => spoolRecordsOf(SPOOL, id);

interface Answer {
  id: string;
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

/** POSTs `body` (an object is sent as JSON) to `/graphql` of `base` with X-Request-Id `id`. */
async function send(body: unknown, headers: Record<string, string>, base = system.gatewayBase): Promise<Answer> {
  const id = `t-${randomUUID()}`;
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': id, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { id, status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : {} };
}

const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

/** A code for sh-family-valid, asked of Shanghai as the holder's app does. */
async function presentationCode(purpose = 'MEDICAL_BILLING'): Promise<string> {
  const res = await fetch(`${system.subgraphs.shanghai!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId: SH, purpose }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

const VERIFY = /* GraphQL */ `
  query ($code: String!) {
    verifyPresentation(code: $code) {
      verification { keyId }
      permit { id status recognition(host: HANGZHOU, service: MEDICAL_BILLING) { decision } }
    }
  }
`;

/** A demo-all request for MEDICAL_BILLING, with the case and officer unless left out. */
async function medical(without: string[] = []): Promise<Record<string, string>> {
  const headers = { ...(await partnerHeaders('MEDICAL_BILLING')), 'x-case-id': 'CLAIM-2026-77', 'x-officer-id': 'officer-3' };
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !without.includes(name)));
}

describe('verifyPresentation is accounted like a lookup', () => {
  it.each([['x-case-id'], ['x-officer-id']])('is refused without %s, recorded with the permit, and its code stays unspent', async (missing) => {
    const code = await presentationCode();
    const refused = await send({ query: VERIFY, variables: { code } }, await medical([missing]));
    expect(refused.status).toBe(400);
    expect(codesOf(refused)).toEqual(['BAD_REQUEST']);
    expect(refused.body.data ?? null).toBeNull();
    expect(recordsOf(refused.id)).toEqual([
      expect.objectContaining({ partnerId: 'demo-all', outcome: 'REFUSED', errorCodes: ['BAD_REQUEST'], permitIdHashes: [hashPermitId(SH)], fields: [] }),
    ]);
    // Refused before anything ran: the holder's code still works.
    const served = await send({ query: VERIFY, variables: { code } }, await medical());
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
  });

  it("records the code's permit as its hash, with the case, the officer, the fields and the decision", async () => {
    const served = await send({ query: VERIFY, variables: { code: await presentationCode() } }, await medical());
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    const records = recordsOf(served.id);
    expect(records).toEqual([
      expect.objectContaining({
        partnerId: 'demo-all',
        purpose: 'MEDICAL_BILLING',
        caseId: 'CLAIM-2026-77',
        officerId: 'officer-3',
        permitIdHashes: [hashPermitId(SH)],
        outcome: 'OK',
        errorCodes: [],
        decisions: [{ permitIdHash: hashPermitId(SH), host: 'HANGZHOU', service: 'MEDICAL_BILLING', decision: expect.any(String) }],
      }),
    ]);
    expect(records[0]!.fields).toEqual(expect.arrayContaining(['Query.verifyPresentation', 'ResidencePermit.status', 'Recognition.decision']));
    expect(JSON.stringify(records)).not.toContain(SH);
  });

  it('fails closed: while no record can be kept, no presented permit is released', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await send({ query: VERIFY, variables: { code: await presentationCode() } }, await medical(), closed.url);
      expect(refused.status).toBe(503);
      expect(refused.body.data ?? null).toBeNull();
      expect(codesOf(refused)).toEqual(['AUDIT_UNAVAILABLE']);
      expect(JSON.stringify(refused.body)).not.toContain(SH);
    }
  });
});

describe('every request of a known partner leaves exactly one record, whatever went wrong', () => {
  const LOOKUP = `query ($id: ID!) { permit(id: $id) { id status } }`;
  it.each([
    ['a JSON array (batched operations)', JSON.stringify([{ query: LOOKUP, variables: { id: SH } }]), {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['variables as a JSON-encoded string', JSON.stringify({ query: LOOKUP, variables: JSON.stringify({ id: SH }) }), {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['extensions as a list', JSON.stringify({ query: LOOKUP, variables: { id: SH }, extensions: [] }), {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['an operationName that is not a string', JSON.stringify({ query: LOOKUP, variables: { id: SH }, operationName: 7 }), {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['an empty object', '{}', {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['malformed JSON', `{"query": "${LOOKUP}", `, {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['a text/plain body', JSON.stringify({ query: LOOKUP, variables: { id: SH } }), { 'content-type': 'text/plain' }, 400, 'BAD_REQUEST', 'REFUSED'],
    ['an application/graphql body', `{ permit(id: "${SH}") { id } }`, { 'content-type': 'application/graphql' }, 400, 'BAD_REQUEST', 'REFUSED'],
    ['Accept: text/plain', JSON.stringify({ query: LOOKUP, variables: { id: SH } }), { accept: 'text/plain' }, 406, 'NOT_ACCEPTABLE', 'REFUSED'],
    ['a persisted query', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }), {}, 400, 'PERSISTED_QUERY_NOT_SUPPORTED', 'ERROR'],
    ['an object without a query', JSON.stringify({ variables: { id: SH } }), {}, 400, 'BAD_REQUEST', 'REFUSED'],
    ['a body over BODY_LIMIT_BYTES', JSON.stringify({ query: LOOKUP, variables: { id: SH, padding: 'x'.repeat(DEFAULTS.bodyLimitBytes) } }), {}, 413, 'PAYLOAD_TOO_LARGE', 'ERROR'],
  ])('%s', async (_label, body, extra, status, code, outcome) => {
    const answer = await send(body, { ...(await medical()), ...extra });
    expect(answer.status).toBe(status);
    expect(codesOf(answer)).toEqual([code]);
    expect(recordsOf(answer.id)).toEqual([
      expect.objectContaining({ partnerId: 'demo-all', caseId: 'CLAIM-2026-77', officerId: 'officer-3', outcome, errorCodes: [code], fields: [], decisions: [] }),
    ]);
  });

  it('records a GET, refused as it would put a permit number in the URL (METHOD_NOT_ALLOWED, 405)', async () => {
    const id = `t-${randomUUID()}`;
    const res = await fetch(`${system.gatewayUrl}?query=${encodeURIComponent(`{ permit(id: "${SH}") { id } }`)}`, {
      headers: { ...(await medical()), 'x-request-id': id, 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as Answer['body']).errors?.[0]?.extensions?.code).toBe('METHOD_NOT_ALLOWED');
    expect(recordsOf(id)).toEqual([expect.objectContaining({ partnerId: 'demo-all', outcome: 'ERROR', errorCodes: ['METHOD_NOT_ALLOWED'], permitIdHashes: [] })]);
  });

  it('refuses a media type it cannot answer in before anything runs: the code is not spent', async () => {
    const code = await presentationCode();
    const refused = await send({ query: VERIFY, variables: { code } }, { ...(await medical()), accept: 'text/plain' });
    expect(refused.status).toBe(406);
    expect(recordsOf(refused.id)).toEqual([expect.objectContaining({ outcome: 'REFUSED', errorCodes: ['NOT_ACCEPTABLE'] })]);
    const served = await send({ query: VERIFY, variables: { code } }, { ...(await medical()), accept: 'application/graphql-response+json' });
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data).toMatchObject({ verifyPresentation: { permit: { id: SH } } });
  });

  it('records a body that did not arrive in time (REQUEST_TIMEOUT, 408)', async () => {
    const id = `t-${randomUUID()}`;
    const headers = { ...(await medical()), 'content-type': 'application/json', 'x-request-id': id };
    const { port } = new URL(system.gatewayBase);
    const socket = connect({ port: Number(port), host: '127.0.0.1' });
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    // Ten bytes of a hundred promised, then nothing: the deadline answers.
    socket.write(`POST /graphql HTTP/1.1\r\nHost: gateway\r\n${head}Content-Length: 100\r\n\r\n{"query":`);
    const text = await new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (d) => (received += String(d)));
      socket.once('close', () => resolve(received));
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('"code":"REQUEST_TIMEOUT"');
    expect(recordsOf(id)).toEqual([expect.objectContaining({ partnerId: 'demo-all', outcome: 'ERROR', errorCodes: ['REQUEST_TIMEOUT'], fields: [] })]);
  });

  it('leaves no record for an unknown partner, whatever it sent, but counts it', async () => {
    const before = entries().length;
    const answer = await send('[{"query": "{ regions { region } }"}]', { authorization: 'Bearer not-a-token' });
    expect(answer.status).toBe(400);
    expect(entries()).toHaveLength(before);
    const metrics = await (await fetch(`${system.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/yrd_audit_unattributed_refusals_total\{code="BAD_REQUEST"\} [1-9]/);
  });
});

it('refuses 19 aliased decisions on each of 500 permits as 9,500 decisions, and records the refusal', async () => {
  const decisions = Array.from({ length: 19 }, (_, i) => `d${i}: recognition(host: HANGZHOU, service: MEDICAL_BILLING) { decision }`).join(' ');
  const query = `query ($ids: [ID!]!) { permits(ids: $ids) { id permit { ${decisions} } } }`;
  const answer = await send({ query, variables: { ids: Array(500).fill(SH) } }, await medical());
  expect(answer.status).toBe(400);
  expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'REQUEST_TOO_LARGE', max: 500, got: 9_500 }) })]);
  expect(recordsOf(answer.id)).toEqual([expect.objectContaining({ outcome: 'REFUSED', errorCodes: ['REQUEST_TOO_LARGE'], fields: [] })]);
});

// Last: it stops Hangzhou.
it('lists the fields that went out when an answer mixes stale and failed entities', async () => {
  const [cached, uncached] = [scenarioByName('hz-family-valid').permitId, scenarioByName('hz-near-threshold').permitId];
  const READ = /* GraphQL */ `query ($ids: [ID!]!) { permits(ids: $ids) { id permit { id status validUntil } } }`;
  const fresh = await send({ query: READ, variables: { ids: [cached] } }, await medical());
  expect(fresh.body.errors).toBeUndefined();
  await sleep(1200); // past the entry's fresh life, within its stale life
  await system.subgraphs.hangzhou!.stop();

  const mixed = await send({ query: READ, variables: { ids: [cached, uncached] } }, await medical());
  expect(mixed.status).toBe(200);
  expect(mixed.body).toMatchObject({ data: { permits: [{ permit: { id: cached } }, { permit: null }] }, extensions: { stale: [expect.objectContaining({ permitId: cached })] } });
  expect(codesOf(mixed)).toEqual([expect.stringMatching(/^REGION_/)]);
  const records = recordsOf(mixed.id);
  expect(records).toEqual([
    expect.objectContaining({ outcome: 'PARTIAL', failures: [{ subgraph: 'hangzhou', code: expect.stringMatching(/^REGION_/) }] }),
  ]);
  expect(records[0]!.fields).toEqual(
    expect.arrayContaining(['PermitLookup.permit', 'Query.permits', 'ResidencePermit.id', 'ResidencePermit.status', 'ResidencePermit.validUntil']),
  );
});
