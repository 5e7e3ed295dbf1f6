import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicies, parsePolicies, policyFor } from '../policy';

const SHIPPED = join(__dirname, '..', 'policies.json');

/** A valid policy as plain JSON, to break one thing at a time. */
function aPolicy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const host = (months: number, fundMonths: number) => ({
    schooling: { residenceMonths: months, socialInsuranceMonths: months, childMinAge: 6, childMaxAge: 15, childAgeOn: '08-31' },
    providentFundWithdrawal: { fundMonths },
  });
  return {
    version: '2026.1',
    effectiveFrom: '2026-01-01',
    effectiveUntil: null,
    global: { expiresSoonDays: 30, medicalGraceDays: 30, nearThresholdMonths: 1 },
    hosts: { SHANGHAI: host(12, 6), SUZHOU: host(6, 3), HANGZHOU: host(12, 6), ANHUI: host(6, 3) },
    ...overrides,
  };
}

/** The message `parsePolicies` throws for `json`. */
function problemsOf(json: unknown): string {
  try {
    parsePolicies(json);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parsePolicies to throw');
}

function withHost(region: string, patch: (host: Record<string, Record<string, unknown>>) => void): Record<string, unknown> {
  const policy = aPolicy();
  const hosts = structuredClone(policy.hosts) as Record<string, Record<string, Record<string, unknown>>>;
  patch(hosts[region] as Record<string, Record<string, unknown>>);
  return { ...policy, hosts };
}

describe('the shipped policies.json', () => {
  const set = loadPolicies(SHIPPED);

  it('holds version 2026.1, in effect from 2026-01-01 with no end', () => {
    expect(set.policies.map((p) => [p.version, p.effectiveFrom, p.effectiveUntil])).toEqual([['2026.1', '2026-01-01', null]]);
  });

  it("holds docs/domain.md's thresholds for every host", () => {
    const policy = set.policies[0];
    const table = Object.fromEntries(
      Object.entries(policy?.hosts ?? {}).map(([region, h]) => [
        region,
        [h.schooling.residenceMonths, h.schooling.socialInsuranceMonths, h.providentFundWithdrawal.fundMonths],
      ]),
    );
    expect(table).toEqual({ SHANGHAI: [12, 12, 6], SUZHOU: [6, 6, 3], HANGZHOU: [12, 12, 6], ANHUI: [6, 6, 3] });
    for (const h of Object.values(policy?.hosts ?? {})) {
      expect(h.schooling).toMatchObject({ childMinAge: 6, childMaxAge: 15, childAgeOn: '08-31' });
    }
    expect(policy?.global).toEqual({ expiresSoonDays: 30, medicalGraceDays: 30, nearThresholdMonths: 1 });
  });
});

describe('policyFor', () => {
  const set = parsePolicies([
    aPolicy({ version: '2026.2', effectiveFrom: '2026-07-01', effectiveUntil: null }),
    aPolicy({ version: '2026.1', effectiveFrom: '2026-01-01', effectiveUntil: '2026-06-30' }),
  ]);

  it('orders versions by effectiveFrom', () => {
    expect(set.policies.map((p) => p.version)).toEqual(['2026.1', '2026.2']);
  });

  it.each([
    ['2025-12-31', undefined],
    ['2026-01-01', '2026.1'],
    ['2026-06-30', '2026.1'],
    ['2026-07-01', '2026.2'],
    ['2099-01-01', '2026.2'],
  ])('on %s gives %s (both ends inclusive, null is open)', (date, version) => {
    expect(policyFor(set, date)?.version).toBe(version);
  });

  it('gives nothing in a gap between versions', () => {
    const gappy = parsePolicies([
      aPolicy({ version: 'a', effectiveFrom: '2026-01-01', effectiveUntil: '2026-03-31' }),
      aPolicy({ version: 'b', effectiveFrom: '2026-05-01', effectiveUntil: null }),
    ]);
    expect(policyFor(gappy, '2026-04-15')).toBeUndefined();
  });
});

describe('parsePolicies rejects', () => {
  it.each<[string, unknown, string]>([
    ['a file that is not an array', { version: '2026.1' }, 'policies: expected an array of policies'],
    ['an empty array', [], 'policies: expected at least one policy'],
    ['a policy that is not an object', ['2026.1'], 'policies[0]: expected a policy {version, effectiveFrom, effectiveUntil, global, hosts}'],
    [
      'a negative threshold',
      [withHost('SUZHOU', (h) => { (h.schooling as Record<string, unknown>).residenceMonths = -1; })],
      'policies[0].hosts.SUZHOU.schooling.residenceMonths: expected a non-negative integer',
    ],
    [
      'a fractional threshold',
      [withHost('ANHUI', (h) => { (h.providentFundWithdrawal as Record<string, unknown>).fundMonths = 2.5; })],
      'policies[0].hosts.ANHUI.providentFundWithdrawal.fundMonths: expected a non-negative integer',
    ],
    [
      'a threshold written as a string',
      [withHost('SHANGHAI', (h) => { (h.schooling as Record<string, unknown>).socialInsuranceMonths = '12'; })],
      'policies[0].hosts.SHANGHAI.schooling.socialInsuranceMonths: expected a non-negative integer',
    ],
    [
      'a missing threshold',
      [withHost('HANGZHOU', (h) => { delete (h.schooling as Record<string, unknown>).childMaxAge; })],
      'policies[0].hosts.HANGZHOU.schooling.childMaxAge: missing; expected a non-negative integer',
    ],
    [
      'a misspelt threshold',
      [withHost('SUZHOU', (h) => { h.providentFundWithdrawal = { fundMonth: 3, fundMonths: 3 }; })],
      'policies[0].hosts.SUZHOU.providentFundWithdrawal: unknown field(s) fundMonth',
    ],
    [
      'childMaxAge below childMinAge',
      [withHost('SHANGHAI', (h) => { (h.schooling as Record<string, unknown>).childMaxAge = 5; })],
      'policies[0].hosts.SHANGHAI.schooling.childMaxAge: expected childMaxAge not below childMinAge',
    ],
    [
      'a cut-off day that is not MM-DD',
      [withHost('ANHUI', (h) => { (h.schooling as Record<string, unknown>).childAgeOn = '31-08'; })],
      'policies[0].hosts.ANHUI.schooling.childAgeOn: expected a month and day MM-DD that exists every year',
    ],
    [
      'a cut-off day on 29 February',
      [withHost('ANHUI', (h) => { (h.schooling as Record<string, unknown>).childAgeOn = '02-29'; })],
      'policies[0].hosts.ANHUI.schooling.childAgeOn: expected a month and day MM-DD that exists every year',
    ],
    [
      'a missing host region',
      [(() => { const p = aPolicy(); delete (p.hosts as Record<string, unknown>).ANHUI; return p; })()],
      'policies[0].hosts.ANHUI: missing host region',
    ],
    [
      'an unknown host region',
      [(() => { const p = aPolicy(); (p.hosts as Record<string, unknown>).NINGBO = {}; return p; })()],
      'policies[0].hosts: unknown host region(s) NINGBO; expected SHANGHAI, SUZHOU, HANGZHOU, ANHUI',
    ],
    [
      'a missing global setting',
      [aPolicy({ global: { expiresSoonDays: 30, medicalGraceDays: 30 } })],
      'policies[0].global.nearThresholdMonths: missing; expected a non-negative integer',
    ],
    ['an empty version', [aPolicy({ version: '' })], 'policies[0].version: expected a non-empty version string'],
    ['a date that is not on the calendar', [aPolicy({ effectiveFrom: '2026-02-30' })], 'policies[0].effectiveFrom: expected an ISO date YYYY-MM-DD'],
    ['a missing effectiveUntil (null is explicit)', [aPolicy({ effectiveUntil: undefined })], 'policies[0].effectiveUntil: missing; expected an ISO date YYYY-MM-DD'],
    [
      'effectiveUntil before effectiveFrom',
      [aPolicy({ effectiveUntil: '2025-12-31' })],
      'policies[0].effectiveUntil: expected a date not before effectiveFrom 2026-01-01',
    ],
    [
      'a duplicate version',
      [aPolicy({ effectiveUntil: '2026-06-30' }), aPolicy({ effectiveFrom: '2026-07-01' })],
      'policies[1].version: duplicate version "2026.1" (also policies[0])',
    ],
    [
      'two open-ended versions',
      [aPolicy(), aPolicy({ version: '2026.2', effectiveFrom: '2026-07-01' })],
      'policies[1]: effective range 2026-07-01..open overlaps policies[0] (version "2026.1", 2026-01-01..open)',
    ],
    [
      'versions sharing their boundary day',
      [aPolicy({ effectiveUntil: '2026-07-01' }), aPolicy({ version: '2026.2', effectiveFrom: '2026-07-01' })],
      'policies[1]: effective range 2026-07-01..open overlaps policies[0] (version "2026.1", 2026-01-01..2026-07-01)',
    ],
  ])('%s', (_, json, problem) => {
    const message = problemsOf(json);
    expect(message.split('\n').map((line) => line.trim())).toContain(problem);
  });

  it('reports every problem in one message, even with a broken policy', () => {
    const broken = withHost('SUZHOU', (h) => { (h.schooling as Record<string, unknown>).residenceMonths = -1; });
    const message = problemsOf([
      { ...broken, global: { expiresSoonDays: 30, medicalGraceDays: -5, nearThresholdMonths: 1 } },
      aPolicy({ effectiveFrom: '2026-03-01' }),
    ]);
    expect(message).toMatch(/^Invalid recognition policies \(4 problems\):/);
    expect(message).toContain('policies[0].hosts.SUZHOU.schooling.residenceMonths: expected a non-negative integer');
    expect(message).toContain('policies[0].global.medicalGraceDays: expected a non-negative integer');
    expect(message).toContain('policies[1].version: duplicate version "2026.1" (also policies[0])');
    expect(message).toContain('policies[1]: effective range 2026-03-01..open overlaps policies[0]');
  });

  it('accepts adjacent versions', () => {
    expect(() => parsePolicies([aPolicy({ effectiveUntil: '2026-06-30' }), aPolicy({ version: '2026.2', effectiveFrom: '2026-07-01' })])).not.toThrow();
  });
});

describe('loadPolicies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policies-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file when it cannot be read', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadPolicies(missing)).toThrow(`Cannot read recognition policies from ${missing}`);
  });

  it('names the file when it is not JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '[{"version": ');
    expect(() => loadPolicies(file)).toThrow(`Cannot read recognition policies from ${file}`);
  });

  it('names the file and the problem when it is invalid', () => {
    const file = join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify([aPolicy({ version: '' })]));
    expect(() => loadPolicies(file)).toThrow(`${file}: Invalid recognition policies (1 problem):\n  policies[0].version: expected a non-empty version string`);
  });
});
