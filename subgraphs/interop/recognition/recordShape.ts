import { z } from 'zod';
import type { PermitRecord, PermitStatus } from '../../../common/permit';
import { SERVICE_MODULES, serviceModule } from './services/registry';
import type { ServiceModule } from './services/serviceModule';
import { formatIssues, isoDate, anObject, expecting } from './validation';

const PERMIT_STATUSES = ['VALID', 'EXPIRED', 'SUSPENDED', 'REVOKED'] as const satisfies readonly PermitStatus[];

// Only the fields a decision for the service reads: a flaw elsewhere does not block it.
const common = {
  status: z.enum(PERMIT_STATUSES, expecting(PERMIT_STATUSES.join(' | '))),
  validUntil: isoDate,
};

// Built once per module, not per decision.
const SHAPES = new WeakMap<ServiceModule, z.ZodType>();

function shapeOf(module: ServiceModule): z.ZodType {
  let shape = SHAPES.get(module);
  if (shape === undefined) {
    shape = anObject({ ...common, ...module.record });
    SHAPES.set(module, shape);
  }
  return shape;
}

/**
 * The malformed fields among those a decision for `service` reads (`permit.validUntil:
 * expected an ISO date YYYY-MM-DD`), empty when the record can be decided on. A record
 * arrives over HTTP from the issuing region, so its static type is a promise, not a fact;
 * the signature proves who wrote it, not that it is well formed. `registry` holds the
 * service's module (services/registry.ts).
 */
export function recordProblems(
  permit: PermitRecord,
  service: string,
  registry: readonly ServiceModule[] = SERVICE_MODULES,
): string[] {
  return formatIssues('permit', shapeOf(serviceModule(service, registry)).safeParse(permit).error);
}
