import { MEDICAL_BILLING } from './purposes/medicalBilling';
import { PROVIDENT_FUND_WITHDRAWAL } from './purposes/providentFundWithdrawal';
import type { Purpose } from './purposes/purpose';
import { SCHOOLING } from './purposes/schooling';

export type { Purpose } from './purposes/purpose';

/**
 * The purposes a partner can ask on behalf of (docs/domain.md, "Services (purposes)"), in
 * `Service` enum order: the one list a new purpose is added to (docs/adding-a-purpose.md).
 */
export const PURPOSES = [SCHOOLING, MEDICAL_BILLING, PROVIDENT_FUND_WITHDRAWAL] as const satisfies readonly Purpose[];

/** A purpose, as the GraphQL enum `Service` names it. */
export type Service = (typeof PURPOSES)[number]['name'];

/** Every purpose's name, in enum order. */
export const SERVICES: readonly Service[] = PURPOSES.map((p) => p.name);

/** Type guard for a service enum value coming from outside. */
export function isService(value: unknown): value is Service {
  return typeof value === 'string' && (SERVICES as readonly string[]).includes(value);
}

/** The `enum Service` SDL of `purposes`, each value with its description. */
export function serviceEnumSdl(purposes: readonly Purpose[] = PURPOSES): string {
  const values = purposes.map((p) => `  ${JSON.stringify(p.description)}\n  ${p.name}`).join('\n');
  return `"办理业务（用途） — A purpose a partner asks on behalf of (X-Purpose)."\nenum Service {\n${values}\n}`;
}
