import { gzipSync } from 'node:zlib';
import { addDays, addYears } from '../common/dates';
import { DEFAULTS } from '../common/defaults';
import { ERROR_CODES, isErrorCode } from '../common/errorCodes';
import { REGIONS } from '../common/regions';
import { formatResidentId } from '../common/residentId';
import { subgraphUrlVariable } from '../gateway/config';
import { SCENARIO_SPECS, scenarioPermits } from '../mocks/scenarioPermits';
import { scenarioByName } from '../mocks/scenarios';
import { mintDevToken } from '../scripts/token';
import { partnerHeaders } from './support/auth';
import { startService, type ServiceProcess } from './support/processes';
import { startSystem, type System } from './support/system';

/*
 * Hostile and broken requests: each is answered with a documented 4xx and error code, at
 * once, without a stack trace, and without personal data, in the response or in the
 * gateway's logs. The gateway under test is a process of its own, so its logs are real.
 */

const BODY_LIMIT_BYTES = 32 * 1024;
/** Every request must be answered within this; a hang fails the test. */
const ANSWER_WITHIN_MS = 10_000;

let system: System;
let gateway: ServiceProcess;
beforeAll(async () => {
  // The in-process gateway of `system` allows 3 requests a minute: the rate-limit test's.
  system = await startSystem({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
  gateway = await startService('gateway', {
    LOG_LEVEL: 'debug',
    BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
    ...Object.fromEntries(Object.values(system.subgraphs).map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  });
});
afterAll(async () => {
  await gateway?.stop();
  await system?.close();
});

const PERMIT_ID = scenarioByName('sh-family-valid').permitId;
/** sh-family-valid with its check character changed. */
const BAD_CHECK_ID = PERMIT_ID.slice(0, 18) + (PERMIT_ID[18] === '0' ? '1' : '0');

/** Everything personal the scenario permits hold, raw or masked, and their numbers. */
const PERSONAL: string[] = (() => {
  const asOf = DEFAULTS.mockAsOf;
  const terms = REGIONS.flatMap((region) =>
    scenarioPermits(region, asOf).flatMap((p) => [
      p.id,
      p.holder.name,
      p.holder.idNumber,
      p.residence.address,
      ...p.dependants.map((d) => d.name),
    ]),
  );
  for (const spec of Object.values(SCENARIO_SPECS)) {
    const birthDate = addDays(addYears(asOf, -spec.holder.age), -137);
    terms.push(spec.holder.name, formatResidentId(spec.holder.originCode, birthDate, spec.holder.sequence), spec.street);
    terms.push(...spec.children.map((c) => c.name));
  }
  return [...new Set([...terms, BAD_CHECK_ID])];
})();

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** Sends a raw request to `path` of `base` (default: the gateway process). */
async function send(path: string, init: RequestInit = {}, base = gateway.baseUrl): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // asserted below: every answer is JSON
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** POSTs `body` (an object is sent as JSON) to /graphql with a demo-all token and purpose. */
async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer & { sent: string }> {
  const sent = typeof body === 'string' ? body : JSON.stringify(body);
  const answer = await send('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await partnerHeaders('SCHOOLING')), ...headers },
    body: sent,
  });
  return { ...answer, sent };
}

const STACK_OR_PATH = [/\n\s+at /, / {4}at /, /node_modules/, /\/(work|home|usr|tmp)\//, /\b(dist|gateway|common)\/[\w/.-]+\.(js|ts)\b/, /\.(js|ts):\d+/];

/**
 * A clean refusal: the status (the one ERROR_CODES documents for `code`), one or more
 * errors whose codes are all documented, `code` among them, no data, no stack trace or
 * file path, and nothing personal the caller did not send itself.
 */
function expectRefused(answer: Answer & { sent?: string }, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.status).toBeLessThan(500);
  const errors = answer.body.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  const codes = errors.map((e) => e.extensions?.code);
  expect(codes.filter((c) => !isErrorCode(c))).toEqual([]);
  expect(codes).toContain(code);
  if (isErrorCode(code)) expect(ERROR_CODES[code].httpStatus).toBe(status);
  expect(answer.body.data ?? null).toBeNull();
  for (const pattern of STACK_OR_PATH) expect(answer.text).not.toMatch(pattern);
  expect(PERSONAL.filter((term) => answer.text.includes(term) && !answer.sent?.includes(term))).toEqual([]);
}

const permitQuery = (selection: string) => /* GraphQL */ `query ($id: ID!) { permit(id: $id) { ${selection} } }`;

describe('malformed requests', () => {
  it('answers JSON that does not parse with BAD_REQUEST (400)', async () => {
    expectRefused(await post(`{"query": "{ permit(id: \\"${PERMIT_ID}\\") { id } }", `), 400, 'BAD_REQUEST');
  });

  it.each([
    ['a JSON string', '"{ regions { region } }"'],
    ['a JSON array (a batch)', JSON.stringify([{ query: '{ regions { region } }' }])],
    ['an object without a query', JSON.stringify({ variables: { id: PERMIT_ID } })],
    ['variables as a string', JSON.stringify({ query: permitQuery('id'), variables: `{"id":"${PERMIT_ID}"}` })],
  ])('answers %s with BAD_REQUEST (400)', async (_label, body) => {
    expectRefused(await post(body), 400, 'BAD_REQUEST');
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ])('refuses a %s body as a possible CSRF with BAD_REQUEST (400)', async (_label, contentType) => {
    const answer = await post(JSON.stringify({ query: permitQuery('id'), variables: { id: PERMIT_ID } }), { 'content-type': contentType });
    expectRefused(answer, 400, 'BAD_REQUEST');
    expect(answer.body.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
  });

  it('answers a body of a type it does not read (application/graphql) with BAD_REQUEST (400)', async () => {
    expectRefused(await post(`{ permit(id: "${PERMIT_ID}") { id } }`, { 'content-type': 'application/graphql' }), 400, 'BAD_REQUEST');
  });

  it('answers a GET with a query, even with a preflight header, with METHOD_NOT_ALLOWED (405)', async () => {
    const query = encodeURIComponent(`{ permit(id: "${PERMIT_ID}") { id holder { name } } }`);
    const headers = { ...(await partnerHeaders('SCHOOLING')), 'apollo-require-preflight': 'true' };
    const answer = await send(`/graphql?query=${query}`, { headers });
    expectRefused({ ...answer, sent: PERMIT_ID }, 405, 'METHOD_NOT_ALLOWED');
  });

  it('answers an unknown route with NOT_FOUND (404)', async () => {
    expectRefused(await send('/graphiql'), 404, 'NOT_FOUND');
    expectRefused(await send('/v1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 404, 'NOT_FOUND');
  });

  it('answers a GraphQL syntax error with GRAPHQL_PARSE_FAILED (400)', async () => {
    expectRefused(await post({ query: `{ permit(id: "${PERMIT_ID}") { id holder { name ` }), 400, 'GRAPHQL_PARSE_FAILED');
  });

  it('answers a mutation, and an operationName the document lacks, with BAD_REQUEST (400)', async () => {
    expectRefused(await post({ query: `mutation { permit(id: "${PERMIT_ID}") { id } }` }), 400, 'BAD_REQUEST');
    expectRefused(await post({ query: permitQuery('id'), variables: { id: PERMIT_ID }, operationName: 'Other' }), 400, 'BAD_REQUEST');
  });
});

describe('reference headers', () => {
  it.each([
    ['a name in X-Case-Id', { 'x-case-id': encodeURIComponent('张三的入学申请') }],
    ['free text in X-Officer-Id', { 'x-officer-id': 'officer Li, room 3' }],
    ['an X-Case-Id over 64 characters', { 'x-case-id': 'C'.repeat(65) }],
  ])('refuses %s with BAD_REQUEST (400)', async (_label, headers) => {
    expectRefused(await post({ query: `{ permit(id: "${PERMIT_ID}") { id } }` }, headers), 400, 'BAD_REQUEST');
  });
});

describe('oversized requests', () => {
  it(`answers huge variables (a body over BODY_LIMIT_BYTES, ${BODY_LIMIT_BYTES}) with PAYLOAD_TOO_LARGE (413)`, async () => {
    const variables = { id: PERMIT_ID, padding: Array(3000).fill(PERMIT_ID) };
    expectRefused(await post({ query: permitQuery('id'), variables }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a small gzip body that inflates past the limit with PAYLOAD_TOO_LARGE (413)', async () => {
    const inflated = JSON.stringify({ query: permitQuery('id'), variables: { id: PERMIT_ID, padding: 'x'.repeat(4_000_000) } });
    const answer = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...(await partnerHeaders('SCHOOLING')) },
      body: gzipSync(inflated),
    });
    expectRefused(answer, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a gzip body that does not inflate with BAD_REQUEST (400)', async () => {
    const answer = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...(await partnerHeaders('SCHOOLING')) },
      body: `{"query":"{ permit(id: \\"${PERMIT_ID}\\") { id } }"}`,
    });
    expectRefused(answer, 400, 'BAD_REQUEST');
  });

  it('answers a batch of 501 ids, within the body limit, with BATCH_TOO_LARGE (400)', async () => {
    const answer = await post({ query: `query ($ids: [ID!]!) { permits(ids: $ids) { id } }`, variables: { ids: Array(501).fill(PERMIT_ID) } });
    expectRefused(answer, 400, 'BATCH_TOO_LARGE');
  });
});

describe('operation limits', () => {
  const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ');

  it.each([
    ['25 aliases', permitQuery(aliases(25)), /Aliases limit of 20 exceeded, found 25/],
    ['thousands of aliases', permitQuery(aliases(1500)), /Aliases limit of 20 exceeded, found 1500/],
    ['too many directives', permitQuery(Array(25).fill('status @include(if: true)').join(' ')), /Directives limit of 20 exceeded/],
    ['a huge token count', permitQuery(`id ${'s '.repeat(6000)}`), /more th\w+ 5000 tokens/],
  ])('refuses %s with a single QUERY_TOO_COMPLEX (400)', async (_label, query, message) => {
    const answer = await post({ query, variables: { id: PERMIT_ID } });
    expectRefused(answer, 400, 'QUERY_TOO_COMPLEX');
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.message).toMatch(message);
  });

  it('refuses a depth bomb with QUERY_TOO_COMPLEX (400)', async () => {
    const answer = await post({ query: permitQuery(`${'holder { '.repeat(20)} name ${'} '.repeat(20)}`), variables: { id: PERMIT_ID } });
    expectRefused(answer, 400, 'QUERY_TOO_COMPLEX');
    expect(answer.body.errors!.map((e) => e.message).join('\n')).toMatch(/depth limit of 12 exceeded/i);
  });

  it('refuses an introspection depth bomb, even to a partner that may introspect (400)', async () => {
    const query = `{ __schema { types { ${'fields { type { '.repeat(6)} name ${'} } '.repeat(6)} } } }`;
    expectRefused(await post({ query }, await partnerHeaders(undefined, 'demo-all')), 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an unknown field without suggesting a real one (400)', async () => {
    const answer = await post({ query: permitQuery('id holdr { name } medicalInsuranse { status }'), variables: { id: PERMIT_ID } });
    expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
    const messages = answer.body.errors!.map((e) => e.message).join('\n');
    expect(messages).not.toMatch(/Did you mean/);
    expect(messages).not.toMatch(/"holder"|"medicalInsurance"/);
  });
});

describe('bad arguments', () => {
  it.each([
    ['too short', '31011520240001234'],
    ['with letters', '3101152022A00001018'],
    ['with a wrong check character', BAD_CHECK_ID],
  ])('refuses a permit number %s with INVALID_PERMIT_NUMBER (400)', async (_label, id) => {
    expectRefused(await post({ query: permitQuery('id status'), variables: { id } }), 400, 'INVALID_PERMIT_NUMBER');
    expectRefused(await post({ query: `{ permit(id: "${id}") { id } }` }), 400, 'INVALID_PERMIT_NUMBER');
  });

  it('refuses a variable of the wrong type with BAD_USER_INPUT (400)', async () => {
    expectRefused(await post({ query: permitQuery('id'), variables: { id: { number: PERMIT_ID } } }), 400, 'BAD_USER_INPUT');
  });
});

describe('bad tokens', () => {
  const sign = (partnerId = 'demo-all', extra: Partial<Parameters<typeof mintDevToken>[0]> = {}) => mintDevToken({ partnerId, ...extra });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each<[string, () => Promise<string | undefined>, string]>([
    ['no Authorization header', async () => undefined, 'MISSING_TOKEN'],
    ['another scheme', async () => `Basic ${Buffer.from('demo-all:secret').toString('base64')}`, 'NOT_BEARER'],
    ['garbage', async () => 'Bearer garbage', 'MALFORMED_TOKEN'],
    ['three garbage parts', async () => 'Bearer aaaa.bbbb.cccc', 'MALFORMED_TOKEN'],
    ['a wrong signature', async () => {
      const [header, payload] = (await sign()).split('.');
      const [, , otherSignature] = (await sign('sz-school')).split('.');
      return `Bearer ${header}.${payload}.${otherSignature}`;
    }, 'BAD_SIGNATURE'],
    ['an expired token', async () => `Bearer ${await sign('demo-all', { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 3600 })}`, 'EXPIRED'],
    ['alg: none', async () => {
      const [, payload] = (await sign()).split('.');
      return `Bearer ${b64({ alg: 'none', kid: 'demo-all-dev-1', typ: 'JWT' })}.${payload}.`;
    }, 'ALGORITHM_NOT_ALLOWED'],
    ['an unknown key id', async () => {
      const [, payload, signature] = (await sign()).split('.');
      return `Bearer ${b64({ alg: 'EdDSA', kid: 'nobody-1', typ: 'JWT' })}.${payload}.${signature}`;
    }, 'UNKNOWN_KEY'],
    ['a token for another audience', async () => `Bearer ${await sign('demo-all', { audience: 'another-gateway' })}`, 'WRONG_AUDIENCE'],
  ])('refuses %s with UNAUTHENTICATED (401) and its reason', async (_label, authorization, reason) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-purpose': 'SCHOOLING' };
    const value = await authorization();
    if (value !== undefined) headers.authorization = value;
    const answer = await send('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: permitQuery('id holder { name }'), variables: { id: PERMIT_ID } }),
    });
    expectRefused({ ...answer, sent: PERMIT_ID }, 401, 'UNAUTHENTICATED');
    expect(answer.body.errors![0]!.extensions!.reason).toBe(reason);
  });
});

it('answers the request over the rate limit with RATE_LIMITED (429) and Retry-After', async () => {
  const headers = { 'content-type': 'application/json', ...(await partnerHeaders(undefined, 'hz-hospital')) };
  const regions = () => send('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: '{ regions { region } }' }) }, system.gatewayBase);
  for (let i = 0; i < 3; i++) expect((await regions()).status).toBe(200);
  const limited = await regions();
  expectRefused(limited, 429, 'RATE_LIMITED');
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(limited.body.errors![0]!.extensions!.retryAfterMs).toEqual(expect.any(Number));
  // Another partner has its own allowance.
  const other = await send('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await partnerHeaders(undefined, 'sz-school')) },
    body: JSON.stringify({ query: '{ regions { region } }' }),
  }, system.gatewayBase);
  expect(other.status).toBe(200);
});

it('kept its logs free of personal data and of errors through all of the above', () => {
  expect(gateway.logs.length).toBeGreaterThan(0);
  const text = gateway.logs.map((line) => JSON.stringify(line)).join('\n');
  expect(PERSONAL.filter((term) => text.includes(term))).toEqual([]);
  // An internal error would be logged at level 50 (error) or above.
  expect(gateway.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
});
