import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../common/defaults';
import { permitIdHasher } from '../gateway/audit/permitIdHasher';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { spoolEntries, spoolRecordsOf } from './support/auditSpool';
import { startSystem, type System } from './support/system';

/*
 * The audit trail as evidence, over real subgraph processes: exactly one record per
 * request of a known partner, refusals included, each with its code; the record built
 * from the gateway's own data (analysed arguments, the hub's answers), so a hostile
 * partner's selection or aliases cannot change what it says.
 */

const SPOOL = join(tmpdir(), `yrd-audit-evidence-${process.pid}-${Date.now()}.jsonl`);
// Units per partner per window: above what the hostile-selection tests spend (7 recognise batches of 5 units),
// below a burst of LIMIT + 15 single lookups.
const LIMIT = 40;
const hashPermitId = permitIdHasher(DEFAULTS.developmentAuditHmacKey);

let system: System;
beforeAll(async () => {
  system = await startSystem({ AUDIT_SPOOL_FILE: SPOOL, RATE_LIMIT_POINTS: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '300' });
});
afterAll(async () => {
  await system?.close();
  rmSync(SPOOL, { force: true });
});

/** Every record of the trail, and those of one request by its caller's id. */
const entries = () => spoolEntries(SPOOL);
const recordsOf = (id: string) => spoolRecordsOf(SPOOL, id);

/** POSTs `body` as partner `partner` with X-Request-Id `id`; headers override the partner's. */
async function send(body: unknown, headers: Record<string, string>): Promise<{ id: string; status: number; body: unknown }> {
  const id = `t-${randomUUID()}`;
  const res = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': id, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { id, status: res.status, body: await res.json() };
}

/** Decisions in one order, whatever order their keys or items came in. */
const sorted = (decisions: ReadonlyArray<{ permitIdHash: string; host: string | null; service: string | null; decision: string }>) =>
  decisions
    .map((d) => ({ permitIdHash: d.permitIdHash, host: d.host, service: d.service, decision: d.decision }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const SH = scenarioByName('sh-family-valid').permitId;
const PERMIT = `query ($id: ID!) { permit(id: $id) { id status holder { name } } }`;

it('leaves exactly one record per request of a burst beyond the rate limit, the refused ones with RATE_LIMITED', async () => {
  const headers = await partnerHeaders('MEDICAL_BILLING', 'hz-hospital');
  const burst = await Promise.all(Array.from({ length: LIMIT + 15 }, () => send({ query: PERMIT, variables: { id: SH } }, headers)));
  const refused = burst.filter((r) => r.status === 429);
  expect(refused).toHaveLength(15);
  for (const r of burst) {
    const records = recordsOf(r.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject(
      r.status === 429
        ? { partnerId: 'hz-hospital', outcome: 'REFUSED', errorCodes: ['RATE_LIMITED'], fields: [] }
        : { partnerId: 'hz-hospital', outcome: 'OK', errorCodes: [], permitIdHashes: [hashPermitId(SH)] },
    );
    // The audit's own id, beside the caller's.
    expect(records[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  }
});

describe('every refusal of a known partner makes one record with its code', () => {
  const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: id`).join(' ');
  it.each([
    ['a malformed X-Case-Id', { query: PERMIT, variables: { id: SH } }, { 'x-case-id': 'Zhang San <name>' }, 'BAD_REQUEST'],
    ['a permit named without X-Case-Id', { query: PERMIT, variables: { id: SH } }, { 'x-case-id': '' }, 'BAD_REQUEST'],
    ['a permit named without X-Officer-Id', { query: PERMIT, variables: { id: SH } }, { 'x-officer-id': '' }, 'BAD_REQUEST'],
    ['a malformed permit number', { query: PERMIT, variables: { id: '310115202200000101X' } }, {}, 'INVALID_PERMIT_NUMBER'],
    ['an unconnected issuer', { query: PERMIT, variables: { id: '1101052022000001018' } }, {}, 'UNKNOWN_ISSUER'],
    ['a batch over the limit', { query: 'query ($ids: [ID!]!) { permits(ids: $ids) { id } }', variables: { ids: Array(501).fill(SH) } }, {}, 'BATCH_TOO_LARGE'],
    ['too many aliases', { query: `query ($id: ID!) { permit(id: $id) { ${aliases} } }`, variables: { id: SH } }, {}, 'QUERY_TOO_COMPLEX'],
    ['an unknown field', { query: 'query ($id: ID!) { permit(id: $id) { holdr } }', variables: { id: SH } }, {}, 'GRAPHQL_VALIDATION_FAILED'],
    ['a syntax error', { query: '{ permit(id: "x") { id ' }, {}, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown purpose', { query: PERMIT, variables: { id: SH } }, { 'x-purpose': 'x'.repeat(8000) }, 'PURPOSE_NOT_GRANTED'],
  ] as const)('%s', async (_label, body, extra, code) => {
    const headers = Object.fromEntries(
      Object.entries({ ...(await partnerHeaders('MEDICAL_BILLING', 'demo-all')), ...extra }).filter(([, v]) => v !== ''),
    );
    const answer = await send(body, headers);
    expect(JSON.stringify(answer.body)).toContain(code);
    const records = recordsOf(answer.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ partnerId: 'demo-all', outcome: 'REFUSED', errorCodes: [code], fields: [], decisions: [] });
    // Free text in X-Purpose never reaches the trail.
    expect(records[0]!.purpose === null || records[0]!.purpose === 'MEDICAL_BILLING').toBe(true);
    expect(JSON.stringify(records[0])).not.toContain('Zhang');
  });

  it('leaves no record but a counted log line for a request whose partner is unknown', async () => {
    const before = entries().length;
    const answer = await send({ query: PERMIT, variables: { id: SH } }, { authorization: 'Bearer not-a-token' });
    expect(answer.status).toBe(401);
    expect(entries()).toHaveLength(before);
    const metrics = await (await fetch(`${system.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/yrd_audit_unattributed_refusals_total\{code="UNAUTHENTICATED"\} [1-9]/);
  });
});

describe('the record comes from the gateway, not from what the partner selected', () => {
  const requests = [
    { permitId: scenarioByName('sh-fund-sealed').permitId, host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL' },
    { permitId: scenarioByName('ah-fund-two-months').permitId, host: 'SHANGHAI', service: 'PROVIDENT_FUND_WITHDRAWAL' },
    { permitId: scenarioByName('ah-fund-two-months').permitId, host: 'SUZHOU', service: 'PROVIDENT_FUND_WITHDRAWAL' },
    { permitId: scenarioByName('hz-fund-closed').permitId, host: 'ANHUI', service: 'PROVIDENT_FUND_WITHDRAWAL' },
    { permitId: 'bad', host: 'ANHUI', service: 'PROVIDENT_FUND_WITHDRAWAL' },
  ];
  const recognise = (selection: string) => `query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { ${selection} } }`;
  const HONEST = recognise('permitId host service permit { id requestedRecognition { host service decision } }');
  const HOSTILE = {
    'no id selected': recognise('permit { requestedRecognition { decision } }'),
    'decision aliased': recognise('permitId permit { requestedRecognition { verdict: decision } }'),
    'id aliased': recognise('item: permitId permit { pid: id requestedRecognition { decision } }'),
    'every name aliased': recognise('h: host p: permit { ref: id r: requestedRecognition { d: decision s: service } }'),
    'a masked name aliased as a decision': recognise('permitId permit { id holder { decision: name } requestedRecognition { decision } }'),
  };

  const decisionsOf = async (query: string) => {
    const answer = await send({ query, variables: { r: requests } }, await partnerHeaders('PROVIDENT_FUND_WITHDRAWAL', 'sh-fund-centre'));
    expect(answer.status).toBe(200);
    const [record] = recordsOf(answer.id);
    return sorted(record!.decisions);
  };

  it('records the hub’s decisions by permit, host and service, whatever the partner selects or aliases', async () => {
    const answer = await send({ query: HONEST, variables: { r: requests } }, await partnerHeaders('PROVIDENT_FUND_WITHDRAWAL', 'sh-fund-centre'));
    const items = (answer.body as { data: { recognise: Array<{ permitId: string; permit: { requestedRecognition: { host: string; service: string; decision: string } } | null }> } }).data.recognise;
    const returned = items
      .filter((i) => i.permit)
      .map((i) => ({ permitIdHash: hashPermitId(i.permitId), ...i.permit!.requestedRecognition }));
    expect(returned).toHaveLength(4);
    expect(new Set(returned.map((d) => d.decision)).size).toBeGreaterThan(1);
    expect(await decisionsOf(HONEST)).toEqual(sorted(returned));
    for (const query of Object.values(HOSTILE)) expect(await decisionsOf(query)).toEqual(sorted(returned));
  });

  it('refuses, and records, an alias that would replace a key field the planner adds (id: validUntil)', async () => {
    const query = recognise('permitId permit { id: validUntil requestedRecognition { decision } }');
    const answer = await send({ query, variables: { r: requests } }, await partnerHeaders('PROVIDENT_FUND_WITHDRAWAL', 'sh-fund-centre'));
    expect(answer.status).toBe(400);
    expect(recordsOf(answer.id)).toEqual([
      expect.objectContaining({ outcome: 'REFUSED', errorCodes: ['GRAPHQL_VALIDATION_FAILED'], decisions: [], fields: [] }),
    ]);
  });

  it('records a request whose region failed as the failure, without released fields', async () => {
    const anhuiPermit = scenarioByName('ah-no-eligible-child').permitId;
    await system.subgraphs.anhui!.stop();
    const answer = await send({ query: PERMIT, variables: { id: anhuiPermit } }, await partnerHeaders('MEDICAL_BILLING', 'demo-all'));
    expect(JSON.stringify(answer.body)).toMatch(/REGION_(UNAVAILABLE|TIMEOUT)/);
    const [record] = recordsOf(answer.id);
    expect(record).toMatchObject({ fields: [], permitIdHashes: [hashPermitId(anhuiPermit)] });
    expect(record!.failures).toEqual([{ subgraph: 'anhui', code: expect.stringMatching(/^REGION_/) }]);
  });
});
