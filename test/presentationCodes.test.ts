import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { DEFAULTS, SUBGRAPH_NAMES } from '../common/defaults';
import { signPresentationCode } from '../common/presentationCode';
import { REGIONS, type Region } from '../common/regions';
import type { Service } from '../common/services';
import { subgraphUrlVariable } from '../gateway/config';
import { registryIds } from '../mocks/generate';
import { currentKeyId, expiredKeyId, mockKeyPair, ROGUE_KEY_ID } from '../common/mockIssuerKeys';
import { scenarioByName } from '../mocks/scenarios';
import { runCode } from '../scripts/code';
import { partnerHeaders } from './support/auth';
import { codes, gql, type GqlResponse } from './support/graphql';
import { startService, type ServiceProcess } from './support/processes';
import { startAll } from './support/system';

// pngjs (a dev dependency; qrcode writes its PNGs with it) has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } };

/*
 * Presentation codes end to end (docs/presentation-codes.md): the city issues, the hub
 * verifies signature and key, the gateway checks purpose, audience and single use across
 * two gateway processes on one Redis; consent mode; live status; a region down.
 */

const VERIFY = /* GraphQL */ `
  query Verify($code: String!, $service: Service!) {
    verifyPresentation(code: $code) {
      verification { signatureValid keyId issuerTrusted notExpired purposeMatches audienceMatches firstUse issuer purpose audience }
      permit { id status holder { name } recognition(host: SUZHOU, service: $service) { decision reasons { code } } }
    }
  }
`;
const VERIFY_SCHOOLING = VERIFY.replace('holder { name }', 'holder { name } dependants { birthDate }');

interface Verified {
  verifyPresentation: {
    verification: Record<string, unknown>;
    permit: { id: string; status: string; recognition: { decision: string; reasons: Array<{ code: string }> } } | null;
  } | null;
}

let subgraphs: ServiceProcess[] = [];
let gatewayA: ServiceProcess;
let gatewayB: ServiceProcess;
/** With an entity cache (the others run without, CACHE_TTL_SECONDS=0): a code must never be answered from it. */
let gatewayCached: ServiceProcess;
const prefix = `test-codes-${process.pid}-${Date.now()}:`;

beforeAll(async () => {
  // A small registry: the scenario permits are always in it, and it starts faster.
  subgraphs = await startAll(SUBGRAPH_NAMES.map((name) => startService(name, { MOCK_SIZE: '300' })));
  const env = {
    SCHEMA_DIR: 'dist/schemas',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: prefix,
    CACHE_TTL_SECONDS: '0',
    ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
  };
  [gatewayA, gatewayB, gatewayCached] = (await startAll([
    startService('gateway', env),
    startService('gateway', env),
    startService('gateway', { ...env, CACHE_TTL_SECONDS: '60', CACHE_STALE_SECONDS: '600' }),
  ])) as [ServiceProcess, ServiceProcess, ServiceProcess];
  // Six processes on a shared, loaded machine: starting them takes long.
}, 300_000);
afterAll(async () => {
  await Promise.all([gatewayA?.stop(), gatewayB?.stop(), gatewayCached?.stop(), ...subgraphs.map((s) => s.stop())]);
});

const city = (name: string) => subgraphs.find((s) => s.name === name)!;

/** Asks the permit's city for a code, as the region's app does. */
async function issue(cityName: string, body: Record<string, unknown>, token: string = DEFAULTS.developmentOnlyAppClientToken) {
  const res = await fetch(`${city(cityName).baseUrl}/app/presentation-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code?: string; error?: { code: string } } };
}

async function codeFor(scenario: string, purpose: Service, extra: Record<string, unknown> = {}): Promise<string> {
  const { permitId } = scenarioByName(scenario);
  const res = await issue(cityOf(permitId), { permitId, purpose, ...extra });
  expect(res.status).toBe(200);
  return res.body.code!;
}

function cityOf(permitId: string): string {
  return { '31': 'shanghai', '32': 'suzhou', '33': 'hangzhou', '34': 'anhui' }[permitId.slice(0, 2)]!;
}

async function verify(gateway: ServiceProcess, code: string, purpose: Service, partner = 'demo-all', query = VERIFY): Promise<GqlResponse<Verified>> {
  return gql<Verified>(gateway.graphqlUrl, query, { code, service: purpose }, await partnerHeaders(purpose, partner));
}

/** A code signed here, not by a city: for keys and times a city never uses. */
async function forged(keyId: string, region: Region, purpose: Service, now = Math.floor(Date.now() / 1000), scenario = 'sh-family-valid') {
  const { code } = await signPresentationCode(
    { permitId: scenarioByName(scenario).permitId, issuer: region, purpose, now },
    keyId,
    mockKeyPair(keyId).privateKey,
  );
  return code;
}

describe('a presented code', () => {
  it('verifies once: the second use fails, in the same and in another gateway process', async () => {
    const code = await codeFor('sh-family-valid', 'MEDICAL_BILLING');
    const first = await verify(gatewayA, code, 'MEDICAL_BILLING');
    expect(first.errors).toBeUndefined();
    expect(first.data!.verifyPresentation!.verification).toEqual({
      signatureValid: true, keyId: currentKeyId('SHANGHAI', new Date().toISOString().slice(0, 10)), issuerTrusted: true,
      notExpired: true, purposeMatches: true, audienceMatches: true, firstUse: true,
      issuer: 'SHANGHAI', purpose: 'MEDICAL_BILLING', audience: null,
    });
    expect(first.data!.verifyPresentation!.permit).toMatchObject({ id: scenarioByName('sh-family-valid').permitId, status: 'VALID' });

    const again = await verify(gatewayA, code, 'MEDICAL_BILLING');
    expect([again.status, codes(again)]).toEqual([409, ['CODE_ALREADY_USED']]);
    expect(again.data ?? null).toBeNull();
    const elsewhere = await verify(gatewayB, code, 'MEDICAL_BILLING');
    expect([elsewhere.status, codes(elsewhere)]).toEqual([409, ['CODE_ALREADY_USED']]);
  });

  it('is answered exactly once when two replicas get it at the same moment', async () => {
    const code = await codeFor('sh-family-valid', 'MEDICAL_BILLING');
    const both = await Promise.all([verify(gatewayA, code, 'MEDICAL_BILLING'), verify(gatewayB, code, 'MEDICAL_BILLING')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('serves the purpose its fields and the recognition decision for the host', async () => {
    const code = await codeFor('sh-family-valid', 'SCHOOLING');
    const res = await verify(gatewayB, code, 'SCHOOLING', 'sz-school', VERIFY_SCHOOLING);
    expect(res.errors).toBeUndefined();
    expect(res.data!.verifyPresentation!.permit!.recognition.decision).toBe('RECOGNISED');
    expect((res.data!.verifyPresentation!.permit as unknown as { dependants: unknown[] }).dependants.length).toBeGreaterThan(0);
  });

  it('still gets only the fields its purpose allows', async () => {
    const code = await codeFor('sh-family-valid', 'MEDICAL_BILLING');
    const res = await verify(gatewayA, code, 'MEDICAL_BILLING', 'demo-all', VERIFY_SCHOOLING);
    expect(codes(res)).toEqual(['FIELD_NOT_PERMITTED']);
  });
});

describe('a bad code fails with its own code, and records nothing', () => {
  it('a flipped byte: CODE_INVALID', async () => {
    const code = await codeFor('sh-family-valid', 'MEDICAL_BILLING');
    const [h, p, s] = code.split('.') as [string, string, string];
    const flipped = Buffer.from(p, 'base64url');
    flipped[flipped.length - 3]! ^= 0x01;
    const res = await verify(gatewayA, `${h}.${flipped.toString('base64url')}.${s}`, 'MEDICAL_BILLING');
    expect(codes(res)).toContain('CODE_INVALID');
    expect(res.data?.verifyPresentation ?? null).toBeNull();
    // The genuine code was never recorded: it still works.
    expect((await verify(gatewayA, code, 'MEDICAL_BILLING')).errors).toBeUndefined();
  });

  it.each([
    ['not a JWS', 'hello'],
    ['a partner token', 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.AAAA'],
    ['empty', ''],
  ])('%s: CODE_INVALID before any fetch', async (_, code) => {
    const res = await verify(gatewayA, code, 'MEDICAL_BILLING');
    expect([res.status, codes(res)]).toEqual([400, ['CODE_INVALID']]);
  });

  it('an unknown key: ISSUER_NOT_TRUSTED', async () => {
    const res = await verify(gatewayA, await forged(ROGUE_KEY_ID, 'SHANGHAI', 'MEDICAL_BILLING'), 'MEDICAL_BILLING');
    expect(codes(res)).toEqual(['ISSUER_NOT_TRUSTED']);
  });

  it("a retired key (valid 2024-2025, signing now): ISSUER_NOT_TRUSTED", async () => {
    const res = await verify(gatewayA, await forged(expiredKeyId('SHANGHAI'), 'SHANGHAI', 'MEDICAL_BILLING'), 'MEDICAL_BILLING');
    expect(codes(res)).toEqual(['ISSUER_NOT_TRUSTED']);
  });

  it("another region's key: ISSUER_NOT_TRUSTED", async () => {
    const res = await verify(gatewayA, await forged(currentKeyId('SUZHOU', new Date().toISOString().slice(0, 10)), 'SHANGHAI', 'MEDICAL_BILLING'), 'MEDICAL_BILLING');
    expect(codes(res)).toEqual(['ISSUER_NOT_TRUSTED']);
  });

  it('an expired code: CODE_EXPIRED', async () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const res = await verify(gatewayA, await forged(currentKeyId('SHANGHAI', new Date().toISOString().slice(0, 10)), 'SHANGHAI', 'MEDICAL_BILLING', tenMinutesAgo), 'MEDICAL_BILLING');
    expect([res.status, codes(res)]).toEqual([400, ['CODE_EXPIRED']]);
  });

  it('a wrong purpose: CODE_PURPOSE_MISMATCH', async () => {
    const code = await codeFor('sh-family-valid', 'MEDICAL_BILLING');
    const res = await verify(gatewayA, code, 'PROVIDENT_FUND_WITHDRAWAL');
    expect([res.status, codes(res)]).toEqual([403, ['CODE_PURPOSE_MISMATCH']]);
  });

  it('a wrong audience: CODE_AUDIENCE_MISMATCH; the named partner and a partner of the named region are served', async () => {
    const forHospital = await codeFor('sh-family-valid', 'MEDICAL_BILLING', { audience: 'hz-hospital' });
    const res = await verify(gatewayA, forHospital, 'MEDICAL_BILLING', 'demo-all');
    expect([res.status, codes(res)]).toEqual([403, ['CODE_AUDIENCE_MISMATCH']]);
    expect((await verify(gatewayA, forHospital, 'MEDICAL_BILLING', 'hz-hospital')).errors).toBeUndefined();
    const forHangzhou = await codeFor('sh-family-valid', 'MEDICAL_BILLING', { audience: 'HANGZHOU' });
    expect((await verify(gatewayA, forHangzhou, 'MEDICAL_BILLING', 'hz-hospital')).errors).toBeUndefined();
  });

  it('a code longer-lived than 30 minutes is never issued', async () => {
    const { permitId } = scenarioByName('sh-family-valid');
    expect((await issue('shanghai', { permitId, purpose: 'SCHOOLING', lifetimeSeconds: 1801 })).status).toBe(400);
  });
});

describe('live status, fail closed', () => {
  const today = () => new Date().toISOString().slice(0, 10);

  it.each([['sh-revoked'], ['sz-suspended']])('%s: the city issues no code', async (scenario) => {
    const { permitId } = scenarioByName(scenario);
    const res = await issue(cityOf(permitId), { permitId, purpose: 'MEDICAL_BILLING' });
    expect([res.status, res.body.error?.code, res.body.code]).toEqual([403, 'PERMIT_NOT_PRESENTABLE', undefined]);
  });

  it.each([
    ['sh-revoked', 'SHANGHAI'],
    ['sz-suspended', 'SUZHOU'],
  ] as const)('%s: a code signed before (by the real key) is not honoured: no permit, PERMIT_NOT_PRESENTABLE', async (scenario, region) => {
    const asIssuedBefore = () => forged(currentKeyId(region, today()), region, 'SCHOOLING', undefined, scenario);
    const full = await verify(gatewayA, await asIssuedBefore(), 'SCHOOLING', 'sz-school');
    expect(full.data?.verifyPresentation?.permit ?? null).toBeNull();
    expect(codes(full)).toEqual(['PERMIT_NOT_PRESENTABLE']);
    expect(JSON.stringify(full)).not.toMatch(/REVOKED|SUSPENDED|holder/);
    // Asking for the id alone reaches the city all the same.
    const idOnly = await verify(gatewayA, await asIssuedBefore(), 'SCHOOLING', 'sz-school', 'query ($code: String!) { verifyPresentation(code: $code) { permit { id } } }');
    expect(idOnly.data?.verifyPresentation?.permit ?? null).toBeNull();
    expect(codes(idOnly)).toEqual(['PERMIT_NOT_PRESENTABLE']);
  });

  it('is never vouched for by the checks alone: a verifyPresentation without its permit is refused before any fetch', async () => {
    const code = await forged(currentKeyId('SHANGHAI', today()), 'SHANGHAI', 'SCHOOLING', undefined, 'sh-revoked');
    const checksOnly = /* GraphQL */ `query ($code: String!) { verifyPresentation(code: $code) { verification { signatureValid issuerTrusted firstUse } } }`;
    const res = await verify(gatewayA, code, 'SCHOOLING', 'sz-school', checksOnly);
    expect([res.status, codes(res), res.data ?? null]).toEqual([400, ['BAD_REQUEST'], null]);
    const skipped = checksOnly.replace('} } }', '} permit @skip(if: true) { id } } }');
    expect(codes(await verify(gatewayA, code, 'SCHOOLING', 'sz-school', skipped))).toEqual(['BAD_REQUEST']);
    // Refused before planning: nothing spent; with its permit, the live record refuses it.
    expect(codes(await verify(gatewayA, code, 'SCHOOLING', 'sz-school'))).toEqual(['PERMIT_NOT_PRESENTABLE']);
  });

  it('an expired permit may still be presented: its decision says so', async () => {
    const res = await verify(gatewayA, await codeFor('hz-status-expired', 'MEDICAL_BILLING'), 'MEDICAL_BILLING');
    expect(res.data!.verifyPresentation!.permit).toMatchObject({ status: 'EXPIRED' });
  });
});

describe('consent mode (SCHOOLING by default)', () => {
  const { permitId } = scenarioByName('sh-family-valid');
  const DECISION_WORDS = /RECOGNISED|REFERRED|REJECTED|UNVERIFIABLE|NO_ELIGIBLE_CHILD|NEAR_THRESHOLD|SOCIAL_INSURANCE|months/;

  it('refuses a plain lookup of personal data, and serves the public fields without it', async () => {
    const headers = await partnerHeaders('SCHOOLING', 'sz-school');
    const plain = await gql(gatewayA.graphqlUrl, `{ permit(id: "${permitId}") { id dependants { birthDate } } }`, undefined, headers);
    expect([plain.status, codes(plain)]).toEqual([403, ['CONSENT_REQUIRED']]);
    const batch = await gql(gatewayA.graphqlUrl, `{ permits(ids: ["${permitId}"]) { permit { holder { name } } } }`, undefined, headers);
    expect(codes(batch)).toEqual(['CONSENT_REQUIRED']);
    const open = await gql<{ permit: { status: string } }>(gatewayA.graphqlUrl, `{ permit(id: "${permitId}") { id status validUntil } }`, undefined, headers);
    expect(open.errors).toBeUndefined();
    expect(open.data!.permit.status).toBe('VALID');
  });

  it('refuses the decision itself without a code: a 300-permit screen tells nothing of who has a school-age child', async () => {
    const ids = REGIONS.flatMap((r) => registryIds(r, { size: 300 })).slice(0, 300);
    expect(ids).toHaveLength(300);
    const requests = ids.map((id) => ({ permitId: id, host: 'SUZHOU', service: 'SCHOOLING' }));
    const headers = await partnerHeaders('SCHOOLING', 'sz-school');
    for (const selection of ['decision', 'decision reasons { code }', 'eligibleFrom', 'reasons { required }']) {
      const screen = await gql(
        gatewayA.graphqlUrl,
        `query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { permitId permit { requestedRecognition { ${selection} } } } }`,
        { r: requests },
        headers,
      );
      expect([screen.status, codes(screen), screen.data ?? null]).toEqual([403, ['CONSENT_REQUIRED'], null]);
      expect(JSON.stringify(screen)).not.toMatch(DECISION_WORDS);
    }
  });

  it('refuses the 11-month pin: no decision, reason, requirement or date for a permit without a code', async () => {
    const pinned = scenarioByName('hz-near-threshold').permitId;
    const headers = await partnerHeaders('SCHOOLING', 'sz-school');
    const res = await gql(
      gatewayA.graphqlUrl,
      `{ permit(id: "${pinned}") { id status recognition(host: SHANGHAI, service: SCHOOLING) { decision eligibleFrom reasons { code required } } } }`,
      undefined,
      headers,
    );
    expect([res.status, codes(res), res.data ?? null]).toEqual([403, ['CONSENT_REQUIRED'], null]);
    expect(JSON.stringify(res)).not.toMatch(DECISION_WORDS);
  });

  it('answers the full decision on a valid code: the pin is the holder\'s to show', async () => {
    const code = await codeFor('hz-near-threshold', 'SCHOOLING');
    const res = await verify(gatewayA, code, 'SCHOOLING', 'sz-school', /* GraphQL */ `
      query ($code: String!) {
        verifyPresentation(code: $code) {
          permit { id recognition(host: SHANGHAI, service: SCHOOLING) { decision eligibleFrom reasons { code observed required } } }
        }
      }`);
    expect(res.errors).toBeUndefined();
    const recognition = (res.data!.verifyPresentation!.permit as unknown as { recognition: { decision: string; reasons: Array<{ code: string; observed: string }> } }).recognition;
    expect(recognition.decision).toBe('REFERRED');
    expect(recognition.reasons).toContainEqual(expect.objectContaining({ code: 'SOCIAL_INSURANCE_TOO_SHORT', observed: '11 months' }));
  });

  it('leaves other purposes as they were', async () => {
    const res = await gql(gatewayA.graphqlUrl, `{ permit(id: "${permitId}") { holder { name } medicalInsurance { status } } }`, undefined, await partnerHeaders('MEDICAL_BILLING'));
    expect(res.errors).toBeUndefined();
  });
});

describe('issuing', () => {
  const { permitId } = scenarioByName('sh-family-valid');

  it("is reserved for the region's app clients, for the region's own permits", async () => {
    expect((await issue('shanghai', { permitId, purpose: 'SCHOOLING' }, 'x'.repeat(40))).status).toBe(401);
    const other = await issue('suzhou', { permitId, purpose: 'SCHOOLING' });
    expect([other.status, other.body.error?.code]).toEqual([400, 'UNKNOWN_ISSUER']);
  });

  it('is not in the gateway API', async () => {
    const res = await gql(gatewayA.graphqlUrl, `mutation { issuePresentationCode(permitId: "${permitId}", purpose: SCHOOLING) }`, undefined, await partnerHeaders('SCHOOLING'));
    expect(res.data ?? null).toBeNull();
    expect(res.status).toBe(400);
  });

  it('npm run code writes a PNG that decodes back to the printed code, and the code verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yrd-code-'));
    try {
      const out = join(dir, 'code.png');
      const printed = await runCode([permitId, '--purpose', 'MEDICAL_BILLING', '--out', out, '--city', city('shanghai').baseUrl], {});
      const code = printed.split('\n')[0]!;
      const png = PNG.sync.read(readFileSync(out));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(code);
      expect(printed).toMatch(/\d+ bytes, QR version \d+/);
      expect((await verify(gatewayA, code, 'MEDICAL_BILLING')).errors).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a region down', () => {
  it('yields no permit and the region error: UNVERIFIABLE, never a positive decision', async () => {
    const code = await codeFor('ah-family-valid', 'MEDICAL_BILLING');
    await city('anhui').kill();
    const res = await verify(gatewayA, code, 'MEDICAL_BILLING');
    expect(res.data?.verifyPresentation?.permit ?? null).toBeNull();
    expect(codes(res).some((c) => c === 'REGION_UNAVAILABLE' || c === 'REGION_TIMEOUT')).toBe(true);
  });

  it('is never answered from the cache: the record behind a code is the live one or none', async () => {
    const first = await verify(gatewayCached, await codeFor('hz-family-valid', 'MEDICAL_BILLING'), 'MEDICAL_BILLING');
    expect(first.data!.verifyPresentation!.permit).toMatchObject({ status: 'VALID' });
    const second = await codeFor('hz-family-valid', 'MEDICAL_BILLING');
    await city('hangzhou').kill();
    const res = await verify(gatewayCached, second, 'MEDICAL_BILLING');
    expect(res.data?.verifyPresentation?.permit ?? null).toBeNull();
    expect(codes(res).some((c) => c === 'REGION_UNAVAILABLE' || c === 'REGION_TIMEOUT')).toBe(true);
    expect(res.extensions?.stale).toBeUndefined();
  });
});
