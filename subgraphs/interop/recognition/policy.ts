import { z } from 'zod';
import { readJsonFile } from '../../../common/readJsonFile';
import { REGIONS, type Region } from '../../../common/regions';
import { globalSchema, type GlobalPolicy } from './globalPolicy';
import { SERVICE_MODULES, type ShippedHostPolicy } from './services/registry';
import type { ServiceModule } from './services/serviceModule';
import { expecting, formatIssues, isoDate, throwIfProblems } from './validation';

/**
 * Recognition policy as data (docs/domain.md, "Recognition policy"): a region changes a
 * threshold in `policies.json`, not in code. Each version is in effect from
 * `effectiveFrom` to `effectiveUntil`, both inclusive; `null` means open-ended.
 */

const headerShape = {
  version: z.string(expecting('a version string')).min(1, expecting('a non-empty version string')),
  effectiveFrom: isoDate,
  effectiveUntil: isoDate.nullable(),
};

/**
 * The schema of a policy file whose hosts set the thresholds of `registry`'s services,
 * each under its module's key (`schooling`, `providentFundWithdrawal`).
 */
function policiesSchemaFor(registry: readonly ServiceModule[]) {
  const keyed = registry.flatMap((m) => (m.thresholds === undefined ? [] : [m.thresholds]));
  const hostSchema = z.strictObject(Object.fromEntries(keyed.map((t) => [t.key, t.schema])), {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return issue.input === undefined
        ? 'missing host region'
        : `expected host thresholds {${keyed.map((t) => t.key).join(', ')}}`;
    },
  });

  const hostsShape = Object.fromEntries(REGIONS.map((region) => [region, hostSchema])) as Record<
    Region,
    typeof hostSchema
  >;

  const hostsSchema = z.strictObject(hostsShape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown host region(s) ${issue.keys.join(', ')}; expected ${REGIONS.join(', ')}`
        : `expected an object keyed by host region ${REGIONS.join(', ')}`,
  });

  const policySchema = z.strictObject(
    { ...headerShape, global: globalSchema, hosts: hostsSchema },
    expecting('a policy {version, effectiveFrom, effectiveUntil, global, hosts}'),
  );

  return z.array(policySchema, expecting('an array of policies')).min(1, expecting('at least one policy'));
}

// Read leniently on its own, so ranges and versions are checked even when another
// part of the same policy is broken: every problem is reported in one round.
const headerSchema = z.object(headerShape);

export type { GlobalPolicy } from './globalPolicy';
export type { HostPolicy } from './services/serviceModule';
export type { SchoolingThresholds } from './services/schooling';
export type { ProvidentFundThresholds } from './services/providentFundWithdrawal';

/** One version of the recognition policy. */
export interface Policy {
  version: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  global: GlobalPolicy;
  /** Each host's thresholds; a registry of a test's own validates more keys than it names. */
  hosts: Record<Region, ShippedHostPolicy>;
}

/** Validated policy versions, ordered by `effectiveFrom`, with no overlapping ranges. */
export interface PolicySet {
  readonly policies: readonly Policy[];
}

interface Header {
  index: number;
  version: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
}

function describeRange(h: Header): string {
  return `${h.effectiveFrom}..${h.effectiveUntil ?? 'open'}`;
}

function overlaps(a: Header, b: Header): boolean {
  return (a.effectiveUntil === null || b.effectiveFrom <= a.effectiveUntil)
    && (b.effectiveUntil === null || a.effectiveFrom <= b.effectiveUntil);
}

function headerProblems(json: unknown): string[] {
  if (!Array.isArray(json)) return [];
  const headers: Header[] = json.flatMap((entry: unknown, index) => {
    const parsed = headerSchema.safeParse(entry);
    return parsed.success ? [{ index, ...parsed.data }] : [];
  });
  const problems: string[] = [];
  for (const h of headers) {
    if (h.effectiveUntil !== null && h.effectiveUntil < h.effectiveFrom) {
      problems.push(`policies[${h.index}].effectiveUntil: expected a date not before effectiveFrom ${h.effectiveFrom}`);
    }
  }
  for (const [i, b] of headers.entries()) {
    for (const a of headers.slice(0, i)) {
      if (a.version === b.version) {
        problems.push(`policies[${b.index}].version: duplicate version "${b.version}" (also policies[${a.index}])`);
      }
      if (overlaps(a, b)) {
        problems.push(
          `policies[${b.index}]: effective range ${describeRange(b)} overlaps policies[${a.index}] `
            + `(version "${a.version}", ${describeRange(a)})`,
        );
      }
    }
  }
  return problems;
}

const POLICIES_SCHEMA = policiesSchemaFor(SERVICE_MODULES);

/**
 * Validates the contents of a policy file. Throws one Error whose message lists every
 * problem with its JSON path, e.g.
 * `policies[0].hosts.SUZHOU.schooling.residenceMonths: expected a non-negative integer`;
 * besides the shape it rejects duplicate versions, overlapping effective ranges and a
 * missing host region. `registry` names the services whose thresholds a host sets.
 */
export function parsePolicies(json: unknown, registry: readonly ServiceModule[] = SERVICE_MODULES): PolicySet {
  const parsed = (registry === SERVICE_MODULES ? POLICIES_SCHEMA : policiesSchemaFor(registry)).safeParse(json);
  throwIfProblems('recognition policies', [...formatIssues('policies', parsed.error), ...headerProblems(json)]);
  // The host schema was built from the modules' own schemas, so their types hold.
  const policies = ([...(parsed.data ?? [])] as Policy[]).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return { policies };
}

/** Reads and validates a policy file (see {@link parsePolicies}); the message names the file. */
export function loadPolicies(file: string): PolicySet {
  return readJsonFile(file, 'recognition policies', parsePolicies);
}

/** The policy version in effect on an ISO date, or `undefined` when there is none. */
export function policyFor(set: PolicySet, date: string): Policy | undefined {
  return set.policies.find(
    (p) => p.effectiveFrom <= date && (p.effectiveUntil === null || date <= p.effectiveUntil),
  );
}
