import { Redis } from 'ioredis';
import { DEFAULTS } from '../common/defaults';
import type { AuditEntry } from '../gateway/audit/AuditEntry';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql, type GqlResponse } from './support/graphql';
import { until } from './support/poll';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { startSystem, type System } from './support/system';

/*
 * When a presented code is spent (docs/presentation-codes.md, "Single use"): only when its
 * answer is sent. With Redis down or hung the single use cannot be checked: the request
 * gets the typed CODE_CHECK_UNAVAILABLE (503, not a 500), exactly one audit record, and
 * the code stays usable; a caller gone before the answer (it gave up on a hung region)
 * spends nothing either. The Redis is the test's own, never the shared one.
 */

const STREAM = `yrd:audit:test-spending:${process.pid}:${Date.now()}`;
const { permitId } = scenarioByName('sh-family-valid');
const VERIFY = /* GraphQL */ `
  query ($code: String!) {
    verifyPresentation(code: $code) { verification { firstUse } permit { id status holder { name } } }
  }
`;

let redis: PrivateRedis;
let system: System;
beforeAll(async () => {
  redis = await startPrivateRedis();
  system = await startSystem({
    REDIS_URL: redis.url,
    REDIS_BUDGET_MS: '150',
    AUDIT_STREAM_KEY: STREAM,
    AUDIT_FLUSH_INTERVAL_MS: '200',
    CACHE_TTL_SECONDS: '0',
    SUBGRAPH_TIMEOUT_MS: '2000',
  });
}, 120_000);
afterAll(async () => {
  redis?.resume();
  system?.subgraphs.shanghai?.child.kill('SIGCONT');
  await system?.close();
  await redis?.kill();
});

/** A fresh MEDICAL_BILLING code for the Shanghai permit, from the city as the holder's app asks for it. */
async function newCode(): Promise<string> {
  const res = await fetch(`${system.subgraphs.shanghai!.baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
    body: JSON.stringify({ permitId, purpose: 'MEDICAL_BILLING' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

async function verify(code: string, caseId: string, signal?: AbortSignal): Promise<GqlResponse<{ verifyPresentation: { permit: unknown } | null }>> {
  const headers = { ...(await partnerHeaders('MEDICAL_BILLING')), 'x-case-id': caseId };
  return gql(system.gatewayUrl, VERIFY, { code }, headers, signal);
}

const redisOk = async () => ((await (await fetch(`${system.gatewayBase}/readyz`)).json()) as { redis: string }).redis === 'ok';

/** The audit records of `caseId`, once Redis holds the stream again (the spool is flushed into it). */
async function recordsOf(caseId: string, expected: number): Promise<AuditEntry[]> {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
  try {
    const read = async () =>
      (await client.xrange(STREAM, '-', '+'))
        .map(([, fields]) => JSON.parse(fields[fields.indexOf('entry') + 1]!) as AuditEntry)
        .filter((e) => e.caseId === caseId);
    await until(async () => (await read()).length >= expected, 15_000);
    return await read();
  } finally {
    client.disconnect();
  }
}

it('with Redis down: CODE_CHECK_UNAVAILABLE (503) and one audit record; the code works once Redis is back', async () => {
  const code = await newCode();
  await redis.kill();
  const down = await verify(code, 'CASE-SPEND-DOWN');
  expect([down.status, codes(down), down.data ?? null]).toEqual([503, ['CODE_CHECK_UNAVAILABLE'], null]);
  expect(JSON.stringify(down)).not.toContain('holder');

  await redis.start();
  expect(await until(redisOk, 15_000)).toBe(true);
  const after = await verify(code, 'CASE-SPEND-DOWN-AFTER');
  expect([after.status, codes(after)]).toEqual([200, []]);
  expect(after.data!.verifyPresentation!.permit).toMatchObject({ id: permitId });

  const records = await recordsOf('CASE-SPEND-DOWN', 1);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ outcome: 'ERROR', errorCodes: ['CODE_CHECK_UNAVAILABLE'], fields: [] });
});

it('with Redis hung: CODE_CHECK_UNAVAILABLE within the budget; the claim Redis runs on resuming does not spend the code', async () => {
  const code = await newCode();
  redis.pause();
  const hung = await verify(code, 'CASE-SPEND-HUNG');
  expect([hung.status, codes(hung), hung.data ?? null]).toEqual([503, ['CODE_CHECK_UNAVAILABLE'], null]);

  redis.resume();
  expect(await until(redisOk, 15_000)).toBe(true);
  // The release is retried every second until Redis answers: give it that second.
  const answered = await until(async () => {
    const res = await verify(code, 'CASE-SPEND-HUNG-AFTER');
    return res.status === 200 ? res : undefined;
  }, 5_000, 1_000);
  expect(answered?.data?.verifyPresentation?.permit).toMatchObject({ id: permitId });
  expect(await recordsOf('CASE-SPEND-HUNG', 1)).toHaveLength(1);
});

it('a caller gone before its answer (the region hung) spends nothing: the code still works', async () => {
  const code = await newCode();
  const shanghai = system.subgraphs.shanghai!;
  shanghai.child.kill('SIGSTOP');
  try {
    await expect(verify(code, 'CASE-SPEND-GONE', AbortSignal.timeout(500))).rejects.toThrow();
    // The gateway answers (REGION_TIMEOUT after SUBGRAPH_TIMEOUT_MS) into a closed connection.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  } finally {
    shanghai.child.kill('SIGCONT');
  }
  const res = await verify(code, 'CASE-SPEND-GONE-AFTER');
  expect([res.status, codes(res)]).toEqual([200, []]);
  expect(res.data!.verifyPresentation!.permit).toMatchObject({ id: permitId });
});
