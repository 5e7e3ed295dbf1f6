import { join } from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { z } from 'zod';
import { addMonths, monthsBetween } from '../common/dates';
import type { PermitRecord } from '../common/permit';
import type { Purpose } from '../common/purposes/purpose';
import { readJsonFile } from '../common/readJsonFile';
import { PURPOSES, serviceEnumSdl, type Service } from '../common/services';
import { shanghaiMorning } from '../common/chinaToday';
import { ed25519FromSeed, exportRawPublicKey, signPermit } from '../common/signing';
import { buildFieldPolicy, isFieldAllowed } from '../gateway/operation/purpose/fieldPolicy';
import { evaluateRecognition } from '../subgraphs/interop/recognition/evaluateRecognition';
import { listPolicies } from '../subgraphs/interop/recognition/listPolicies';
import { parsePolicies } from '../subgraphs/interop/recognition/policy';
import { reasonsFrom } from '../subgraphs/interop/recognition/reasons';
import { reasonMessages, SERVICE_MODULES } from '../subgraphs/interop/recognition/services/registry';
import {
  monthsThreshold, requirement, thresholdsIn, type ServiceModule,
} from '../subgraphs/interop/recognition/services/serviceModule';
import { parseTrustRegistry } from '../subgraphs/interop/recognition/trustRegistry';
import { count } from '../subgraphs/interop/recognition/validation';

// docs/adding-a-purpose.md, followed step by step for a fourth purpose, 公租房申请: its
// two modules are written here and passed as the registries, and nothing else changes.

/** Step 1: the purpose as the gateway knows it (common/purposes/<service>.ts). */
const PUBLIC_HOUSING = {
  name: 'PUBLIC_HOUSING',
  description: '公租房申请 — Public rental housing.',
  maySee: ['ResidencePermit.residence', 'Residence.districtCode'],
} as const satisfies Purpose;

/** Step 2: its rule as the hub decides it (subgraphs/interop/recognition/services/<service>.ts). */
const REASONS = {
  HOUSING_RESIDENCE_TOO_SHORT: {
    zh: '申请公租房的持证居住时间未达到要求。',
    en: 'Residence on the permit is shorter than public housing requires.',
  },
} as const;
const reason = reasonsFrom(REASONS);
type HousingThresholds = { residenceMonths: number };

const publicHousing: ServiceModule = {
  purpose: PUBLIC_HOUSING,
  thresholds: { key: 'publicHousing', schema: z.strictObject({ residenceMonths: count }) },
  record: { residentSince: z.string() },
  reasons: REASONS,
  checks: (permit, host, global, decisionDate) => {
    const { residenceMonths } = thresholdsIn<HousingThresholds>(host, 'publicHousing');
    return [monthsThreshold(
      (observed, required) => reason('HOUSING_RESIDENCE_TOO_SHORT', observed, required),
      monthsBetween(permit.residentSince, decisionDate), residenceMonths, global.nearThresholdMonths,
      addMonths(permit.residentSince, residenceMonths),
    )];
  },
  requirements: (host) => {
    const { residenceMonths } = thresholdsIn<HousingThresholds>(host, 'publicHousing');
    return [requirement('HOUSING_RESIDENCE_MONTHS', residenceMonths,
      `持证居住满${residenceMonths}个月`, `At least ${residenceMonths} months of residence on the permit`)];
  },
};

const PURPOSES_4 = [...PURPOSES, PUBLIC_HOUSING];
const SERVICES_4 = [...SERVICE_MODULES, publicHousing];
// Outside today's `Service` union on purpose: the registries are what the code consults.
const HOUSING = 'PUBLIC_HOUSING' as Service;

/** Step 3: its thresholds per host in the policy file (policies.json), here in a copy. */
const SHIPPED = readJsonFile(join(__dirname, '..', 'subgraphs', 'interop', 'recognition', 'policies.json'), 'policies', (j) => j);
const HOUSING_MONTHS = { SHANGHAI: 24, SUZHOU: 12, HANGZHOU: 24, ANHUI: 12 } as const;
function withHousing(json: unknown): unknown {
  return (json as { hosts: Record<string, object> }[]).map((policy) => ({
    ...policy,
    hosts: Object.fromEntries(Object.entries(policy.hosts).map(([region, host]) => [
      region, { ...host, publicHousing: { residenceMonths: HOUSING_MONTHS[region as keyof typeof HOUSING_MONTHS] } },
    ])),
  }));
}
const POLICIES_4 = parsePolicies(withHousing(SHIPPED), SERVICES_4);

describe('a fourth purpose added by the steps of docs/adding-a-purpose.md', () => {
  it('is a value of enum Service, with its description', () => {
    const doc = parse(serviceEnumSdl(PURPOSES_4));
    const enumType = doc.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION);
    expect(enumType?.values?.map((v) => [v.name.value, v.description?.value])).toEqual([
      ['SCHOOLING', '随迁子女入学 — Schooling of accompanying children.'],
      ['MEDICAL_BILLING', '异地就医结算 — Cross-region medical billing.'],
      ['PROVIDENT_FUND_WITHDRAWAL', '公积金异地提取 — Provident-fund withdrawal.'],
      ['PUBLIC_HOUSING', '公租房申请 — Public rental housing.'],
    ]);
  });

  it('has its thresholds checked in the policy file, which the shipped registry refuses', () => {
    expect(() => parsePolicies(withHousing(SHIPPED))).toThrow('policies[0].hosts.SHANGHAI: unknown field(s) publicHousing');
    const broken = withHousing(SHIPPED) as { hosts: { SUZHOU: { publicHousing: object } } }[];
    broken[0]!.hosts.SUZHOU.publicHousing = { residenceMonths: -1 };
    expect(() => parsePolicies(broken, SERVICES_4)).toThrow('policies[0].hosts.SUZHOU.publicHousing.residenceMonths: expected a non-negative integer');
  });

  it('is listed with the common requirements and its own, per host', () => {
    const rows = listPolicies(POLICIES_4, { service: HOUSING }, SERVICES_4);
    expect(rows.map((r) => [r.host, r.service, r.requirements.map((q) => `${q.code}=${q.value}`)])).toEqual(
      (['SHANGHAI', 'SUZHOU', 'HANGZHOU', 'ANHUI'] as const).map((host) => [host, 'PUBLIC_HOUSING', [
        'ISSUER_SIGNATURE=Ed25519', 'PERMIT_STATUS=VALID', 'PERMIT_NOT_EXPIRED=0', `HOUSING_RESIDENCE_MONTHS=${HOUSING_MONTHS[host]}`,
      ]]),
    );
    expect(listPolicies(POLICIES_4, { host: 'SUZHOU' }, SERVICES_4).map((r) => r.service))
      .toEqual(['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL', 'PUBLIC_HOUSING']);
  });

  it('is decided by its own checks under the host thresholds', () => {
    const { privateKey, publicKey } = ed25519FromSeed(Buffer.alloc(32, 7));
    const trust = parseTrustRegistry([
      { keyId: 'suzhou-1', region: 'SUZHOU', publicKey: exportRawPublicKey(publicKey), validFrom: '2025-01-01', validUntil: '2028-12-31' },
    ]);
    const record: PermitRecord = {
      id: '3205052023000012345X',
      issuer: 'SUZHOU',
      issuingAuthorityCode: '320505',
      status: 'VALID',
      validFrom: '2023-06-01',
      validUntil: '2028-06-30',
      residentSince: '2024-10-15',
      holder: { name: '张*三', idNumber: '310***********123X', birthDate: '1988-03-12' },
      dependants: [],
      residence: { districtCode: '320505', address: '某区******' },
      socialInsurance: { contributionMonths: 34, lastContributionMonth: '2026-03' },
      medicalInsurance: { status: 'ACTIVE' },
      providentFund: { status: 'ACTIVE', contributionMonths: 30 },
    };
    const permit = { id: record.id, signature: signPermit(record, 'suzhou-1', privateKey, { signedAt: shanghaiMorning('2026-04-01') }) };
    const decide = (host: 'SHANGHAI' | 'SUZHOU') =>
      evaluateRecognition({ permit, host, service: HOUSING, decisionDate: '2026-04-15', policies: POLICIES_4, trust, services: SERVICES_4 });

    // 18 months of residence: Suzhou asks 12, Shanghai 24.
    expect(decide('SUZHOU')).toMatchObject({ service: 'PUBLIC_HOUSING', decision: 'RECOGNISED', reasons: [] });
    expect(decide('SHANGHAI')).toMatchObject({
      decision: 'REJECTED',
      reasons: [{ code: 'HOUSING_RESIDENCE_TOO_SHORT', observed: '18 months', required: '24 months' }],
      eligibleFrom: '2026-10-15',
    });
  });

  it('sees the fields its purpose lists, the fields every purpose sees, and nothing else', () => {
    const policy = buildFieldPolicy(PURPOSES_4);
    const sees = (coordinate: string) => isFieldAllowed(coordinate, 'PUBLIC_HOUSING', policy);
    expect(['ResidencePermit.residence', 'Residence.districtCode', 'ResidencePermit.status', 'ResidencePermit.recognition'].filter(sees))
      .toHaveLength(4);
    expect(['ResidencePermit.medicalInsurance', 'ResidencePermit.dependants', 'Residence.address', 'Holder.birthDate'].filter(sees))
      .toEqual([]);
    expect(policy.PermitDisclosures?.residenceDistrictCode).toEqual(['SCHOOLING', 'PUBLIC_HOUSING']);
    // The shipped purposes keep what they had.
    expect(isFieldAllowed('Residence.districtCode', 'SCHOOLING', policy)).toBe(true);
    expect(isFieldAllowed('ResidencePermit.providentFund', 'PROVIDENT_FUND_WITHDRAWAL', policy)).toBe(true);
  });
});

describe('the shipped registries', () => {
  it('name the same purposes in the same order, gateway side and hub side', () => {
    expect(SERVICE_MODULES.map((m) => m.purpose)).toEqual([...PURPOSES]);
  });

  it('refuse a purpose that reuses another\'s reason code: one code, one meaning', () => {
    const reusing: ServiceModule = { ...publicHousing, reasons: { RESIDENCE_TOO_SHORT: REASONS.HOUSING_RESIDENCE_TOO_SHORT } };
    expect(() => reasonMessages([...SERVICE_MODULES, reusing])).toThrow('reason code RESIDENCE_TOO_SHORT of PUBLIC_HOUSING is already taken');
    expect(Object.keys(reasonMessages(SERVICES_4))).toContain('HOUSING_RESIDENCE_TOO_SHORT');
  });
});
