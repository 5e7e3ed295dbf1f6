import type { PermitRecord } from '../../../common/permit';
import type { GlobalPolicy, HostPolicy } from './policy';
import { SERVICE_MODULES, serviceModule } from './services/registry';
import type { CheckResult, ServiceModule } from './services/serviceModule';

export type { CheckResult, Outcome } from './services/serviceModule';

/**
 * The checks of one service under the thresholds of the host region (docs/domain.md),
 * as its module in `registry` states them (services/).
 */
export function serviceChecks(
  permit: PermitRecord,
  service: string,
  host: HostPolicy,
  global: GlobalPolicy,
  decisionDate: string,
  registry: readonly ServiceModule[] = SERVICE_MODULES,
): CheckResult[] {
  return serviceModule(service, registry).checks(permit, host, global, decisionDate);
}
