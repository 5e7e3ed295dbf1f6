import { isIsoDate } from '../../../common/dates';
import { REGIONS, type Region } from '../../../common/regions';
import type { Service } from '../../../common/services';
import { policyFor, type Policy, type PolicySet } from './policy';
import { SERVICE_MODULES, serviceModule } from './services/registry';
import { requirement, type Requirement, type ServiceModule } from './services/serviceModule';

export type { Requirement } from './services/serviceModule';

/** One (version, host, service) of the policy, as `Query.recognitionPolicies` returns it. */
export interface PolicyRow {
  version: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
  host: Region;
  service: Service;
  requirements: Requirement[];
}

/** Narrows the listing; an absent field does not filter. */
export interface PolicyFilter {
  host?: Region;
  service?: Service;
  /** ISO date: only the version in effect on it. */
  date?: string;
}

function requirementsFor(policy: Policy, host: Region, module: ServiceModule): Requirement[] {
  const { global } = policy;
  const grace = module.graceDays?.(global) ?? 0;
  const common = [
    requirement('ISSUER_SIGNATURE', 'Ed25519',
      '记录由签发地区以长三角信任登记册中的有效密钥签名',
      'The record is signed by the issuing region with a key valid in the YRD trust registry'),
    requirement('PERMIT_STATUS', 'VALID',
      '居住证状态有效（未暂停、注销或过期）',
      'The permit status is VALID (not suspended, revoked or expired)'),
    grace > 0
      ? requirement('PERMIT_NOT_EXPIRED', grace,
          `居住证在决定日期未过有效期；过期${grace}天以内的转人工复核`,
          `The permit has not expired on the decision date; expired up to ${grace} days: referred for review`)
      : requirement('PERMIT_NOT_EXPIRED', 0, '居住证在决定日期未过有效期', 'The permit has not expired on the decision date'),
  ];
  return [...common, ...module.requirements(policy.hosts[host], global)];
}

/**
 * The policy as a partner can show it to a resident: one row per (version, host,
 * service), ordered by `effectiveFrom`, then region and service enum order. Each
 * service's own requirements come from its module in `registry` (services/).
 *
 * @throws RangeError when `filter.date` is given and not a `YYYY-MM-DD` date.
 */
export function listPolicies(
  set: PolicySet,
  filter: PolicyFilter = {},
  registry: readonly ServiceModule[] = SERVICE_MODULES,
): PolicyRow[] {
  const { host, service, date } = filter;
  if (date !== undefined && !isIsoDate(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const inEffect = date === undefined ? set.policies : [policyFor(set, date)].filter((p) => p !== undefined);
  const hosts = host === undefined ? REGIONS : [host];
  const modules = service === undefined ? registry : [serviceModule(service, registry)];
  return inEffect.flatMap((policy) =>
    hosts.flatMap((h) =>
      modules.map((m) => ({
        version: policy.version,
        effectiveFrom: policy.effectiveFrom,
        effectiveUntil: policy.effectiveUntil,
        host: h,
        // A shipped module's name is a Service; a test's registry may add a name of its own.
        service: m.purpose.name as Service,
        requirements: requirementsFor(policy, h, m),
      })),
    ),
  );
}
