import { addDays, addMonths, addYears, monthOf } from '../common/dates';
import type { FundAccountStatus, MedicalInsuranceStatus, PermitStatus, SignedPermit } from '../common/permit';
import type { Region } from '../common/regions';
import { formatResidentId } from '../common/residentId';
import { localExtension, type ShanghaiCategory } from './localExtensions';
import { districtByCode } from './places';
import { buildPermit, type SigningKind, type TamperField } from './permitBuilder';
import { loadScenarios } from './scenarios';

/**
 * What a scenario permit holds, relative to the as-of date so that it keeps showing
 * what `scenarios.json` says for any as-of date. Defaults: status VALID, medical and
 * fund ACTIVE, signed with the current key.
 */
export interface ScenarioSpec {
  status?: PermitStatus;
  /** Whole months from `residentSince` to the as-of date (same day of month). */
  residenceMonths: number;
  /** `validUntil` minus the as-of date, in days (negative: already past). */
  validUntilInDays: number;
  validityYears: number;
  socialInsuranceMonths: number;
  medical?: MedicalInsuranceStatus;
  fund?: FundAccountStatus;
  fundMonths: number;
  holder: { name: string; female: boolean; age: number; originCode: string; sequence: number };
  /**
   * Age on 31 August of the as-of year; `born` pins the birthday to that 31 August (turns
   * that age on the day) instead of mid-March.
   */
  children: Array<{ name: string; ageOnAug31: number; born?: 'AUG_31' }>;
  /** Address after the district name. */
  street: string;
  points?: number;
  category?: ShanghaiCategory;
  signing?: SigningKind;
  tamper?: TamperField;
}

/** Every registered scenario's permit, by scenario name (`scenarios.json`). */
export const SCENARIO_SPECS: Readonly<Record<string, ScenarioSpec>> = {
  'sh-family-valid': {
    residenceMonths: 58,
    validUntilInDays: 480,
    validityYears: 2,
    socialInsuranceMonths: 56,
    fundMonths: 50,
    holder: { name: '李明华', female: false, age: 38, originCode: '341202', sequence: 135 },
    children: [
      { name: '李子涵', ageOnAug31: 9 },
      { name: '李子墨', ageOnAug31: 4 },
    ],
    street: '张江路88弄3号1201室',
    category: 'B',
    points: 96,
  },
  'sh-revoked': {
    status: 'REVOKED',
    residenceMonths: 40,
    validUntilInDays: 300,
    validityYears: 2,
    socialInsuranceMonths: 38,
    fundMonths: 30,
    holder: { name: '赵磊', female: false, age: 33, originCode: '320321', sequence: 217 },
    children: [],
    street: '漕溪北路398弄12号602室',
    category: 'B',
    points: 70,
  },
  'sh-expires-soon': {
    residenceMonths: 30,
    validUntilInDays: 10,
    validityYears: 1,
    socialInsuranceMonths: 28,
    fundMonths: 24,
    holder: { name: '黄鹏', female: false, age: 35, originCode: '420102', sequence: 391 },
    children: [{ name: '黄一诺', ageOnAug31: 10 }],
    street: '南京西路1266弄2号2503室',
    category: 'A',
    points: 135,
  },
  'sh-fund-sealed': {
    residenceMonths: 76,
    validUntilInDays: 250,
    validityYears: 2,
    socialInsuranceMonths: 70,
    fund: 'SEALED',
    fundMonths: 36,
    holder: { name: '欧阳晓明', female: false, age: 42, originCode: '361102', sequence: 57 },
    children: [],
    street: '莲花路1733弄45号301室',
    category: 'B',
    points: 118,
  },
  'sz-family-valid': {
    residenceMonths: 64,
    validUntilInDays: 700,
    validityYears: 3,
    socialInsuranceMonths: 60,
    fundMonths: 58,
    holder: { name: '张卫东', female: false, age: 41, originCode: '411302', sequence: 473 },
    children: [{ name: '张雨桐', ageOnAug31: 12 }],
    street: '十全街218号6幢502室',
    points: 310,
  },
  'sz-suspended': {
    status: 'SUSPENDED',
    residenceMonths: 50,
    validUntilInDays: 420,
    validityYears: 2,
    socialInsuranceMonths: 46,
    fundMonths: 40,
    holder: { name: '孙丽', female: true, age: 30, originCode: '411521', sequence: 288 },
    children: [{ name: '陈浩宇', ageOnAug31: 8 }],
    street: '塔园路181号3幢1102室',
    points: 205,
  },
  'sz-medical-none': {
    residenceMonths: 28,
    validUntilInDays: 530,
    validityYears: 2,
    socialInsuranceMonths: 26,
    medical: 'NONE',
    fundMonths: 20,
    holder: { name: '徐娜', female: true, age: 29, originCode: '320902', sequence: 64 },
    children: [],
    street: '金鸡湖大道88号12幢803室',
    points: 120,
  },
  'sz-tampered-signature': {
    residenceMonths: 30,
    validUntilInDays: 360,
    validityYears: 2,
    socialInsuranceMonths: 8,
    fundMonths: 24,
    holder: { name: '何磊', female: false, age: 31, originCode: '500101', sequence: 519 },
    children: [{ name: '何欣', ageOnAug31: 8 }],
    street: '长江路436号9幢1601室',
    points: 160,
    signing: 'TAMPERED',
    tamper: 'socialInsurance',
  },
  'sz-child-six-on-aug-31': {
    residenceMonths: 45,
    validUntilInDays: 450,
    validityYears: 2,
    socialInsuranceMonths: 40,
    fundMonths: 36,
    holder: { name: '曹艳', female: true, age: 31, originCode: '411627', sequence: 702 },
    children: [{ name: '宋梓萱', ageOnAug31: 6, born: 'AUG_31' }],
    street: '东环路1408号2幢204室',
    points: 240,
  },
  'hz-family-valid': {
    residenceMonths: 75,
    validUntilInDays: 365,
    validityYears: 2,
    socialInsuranceMonths: 70,
    fundMonths: 66,
    holder: { name: '陈静', female: true, age: 36, originCode: '360731', sequence: 446 },
    children: [{ name: '刘浩然', ageOnAug31: 7 }],
    street: '文三路90号5幢1203室',
    points: 145,
  },
  'hz-status-expired': {
    status: 'EXPIRED',
    residenceMonths: 88,
    validUntilInDays: -95,
    validityYears: 3,
    socialInsuranceMonths: 80,
    fundMonths: 72,
    holder: { name: '周杰', female: false, age: 45, originCode: '511304', sequence: 613 },
    children: [{ name: '周思远', ageOnAug31: 11 }],
    street: '解放路138号8幢702室',
    points: 120,
  },
  'hz-near-threshold': {
    residenceMonths: 20,
    validUntilInDays: 400,
    validityYears: 2,
    socialInsuranceMonths: 11,
    fundMonths: 11,
    holder: { name: '杨帆', female: false, age: 32, originCode: '430102', sequence: 333 },
    children: [{ name: '杨可欣', ageOnAug31: 7 }],
    street: '文一西路969号3幢901室',
    points: 60,
  },
  'hz-fund-closed': {
    residenceMonths: 48,
    validUntilInDays: 500,
    validityYears: 2,
    socialInsuranceMonths: 46,
    fund: 'CLOSED',
    fundMonths: 30,
    holder: { name: '马超', female: false, age: 39, originCode: '412722', sequence: 95 },
    children: [{ name: '马瑞', ageOnAug31: 13 }],
    street: '滨盛路1509号1幢1806室',
    points: 200,
  },
  'hz-expired-signing-key': {
    residenceMonths: 26,
    validUntilInDays: 330,
    validityYears: 2,
    socialInsuranceMonths: 24,
    fundMonths: 20,
    holder: { name: '林晓燕', female: true, age: 37, originCode: '331082', sequence: 858 },
    children: [{ name: '吴一林', ageOnAug31: 9 }],
    street: '莫干山路100号4幢601室',
    points: 90,
    signing: 'EXPIRED_KEY',
  },
  'ah-family-valid': {
    residenceMonths: 70,
    validUntilInDays: 540,
    validityYears: 3,
    socialInsuranceMonths: 66,
    fundMonths: 60,
    holder: { name: '王强', female: false, age: 44, originCode: '341221', sequence: 751 },
    children: [
      { name: '王梓轩', ageOnAug31: 14 },
      { name: '王欣怡', ageOnAug31: 10 },
    ],
    street: '潜山路320号7幢1502室',
  },
  'ah-grace-period': {
    residenceMonths: 38,
    validUntilInDays: -10,
    validityYears: 2,
    socialInsuranceMonths: 36,
    fundMonths: 30,
    holder: { name: '吴秀英', female: true, age: 52, originCode: '341302', sequence: 402 },
    children: [],
    street: '中山路58号2幢302室',
  },
  'ah-no-eligible-child': {
    residenceMonths: 62,
    validUntilInDays: 600,
    validityYears: 3,
    socialInsuranceMonths: 60,
    fundMonths: 55,
    holder: { name: '刘建国', female: false, age: 47, originCode: '341602', sequence: 177 },
    children: [
      { name: '刘洋', ageOnAug31: 19 },
      { name: '刘佳怡', ageOnAug31: 16, born: 'AUG_31' },
    ],
    street: '淮河路612号11幢402室',
  },
  'ah-fund-two-months': {
    residenceMonths: 84,
    validUntilInDays: 200,
    validityYears: 2,
    socialInsuranceMonths: 80,
    fundMonths: 2,
    holder: { name: '郭婷', female: true, age: 34, originCode: '341502', sequence: 526 },
    children: [],
    street: '徽州大道1104号5幢2201室',
  },
  'ah-unknown-signing-key': {
    residenceMonths: 30,
    validUntilInDays: 380,
    validityYears: 2,
    socialInsuranceMonths: 28,
    fundMonths: 26,
    holder: { name: '罗志强', female: false, age: 40, originCode: '341222', sequence: 909 },
    children: [],
    street: '长江西路455号3幢701室',
    signing: 'UNKNOWN_KEY',
  },
};

/**
 * The registered scenario permits of `region`, in `scenarios.json` order; `saltKey`
 * derives the disclosures' salts (see `buildPermit`), fresh random salts without it;
 * `demoSecret` picks the issuers' keys (`mockKeyPair`).
 */
export function scenarioPermits(region: Region, asOf: string, saltKey?: Buffer, demoSecret?: string): SignedPermit[] {
  return loadScenarios()
    .filter((s) => s.registered && s.region === region)
    .map((s) => {
      const spec = SCENARIO_SPECS[s.name];
      if (!spec) throw new Error(`scenario ${s.name} has no spec in scenarioPermits.ts`);
      return scenarioPermit(s.permitId, region, spec, asOf, saltKey, demoSecret);
    });
}

function scenarioPermit(id: string, region: Region, spec: ScenarioSpec, asOf: string, saltKey?: Buffer, demoSecret?: string): SignedPermit {
  const district = districtByCode(id.slice(0, 6));
  const year = Number(asOf.slice(0, 4));
  const aug31 = `${year}-08-31`;
  const validUntil = addDays(asOf, spec.validUntilInDays);
  const birthDate = addDays(addYears(asOf, -spec.holder.age), -137);
  return buildPermit({
    id,
    status: spec.status ?? 'VALID',
    validFrom: addDays(addYears(validUntil, -spec.validityYears), 1),
    validUntil,
    residentSince: addMonths(asOf, -spec.residenceMonths),
    holder: {
      fullName: spec.holder.name,
      residentId: formatResidentId(spec.holder.originCode, birthDate, spec.holder.sequence),
      birthDate,
    },
    dependants: spec.children.map((c) => ({
      fullName: c.name,
      birthDate: c.born === 'AUG_31' ? addYears(aug31, -c.ageOnAug31) : `${year - c.ageOnAug31}-03-15`,
    })),
    address: district.name + spec.street,
    socialInsurance: {
      contributionMonths: spec.socialInsuranceMonths,
      lastContributionMonth: spec.socialInsuranceMonths === 0 ? null : monthOf(addMonths(asOf, -1)),
    },
    medicalInsurance: spec.medical ?? 'ACTIVE',
    providentFund: { status: spec.fund ?? 'ACTIVE', contributionMonths: spec.fundMonths },
    local: localExtension(region, district, { category: spec.category ?? 'B', points: spec.points ?? 0 }),
    signedOn: asOf,
    signing: spec.signing ?? 'CURRENT_KEY',
    tamper: spec.tamper,
  }, saltKey, demoSecret);
}
