/**
 * The purposes a partner can ask on behalf of (docs/domain.md, "Services (purposes)").
 */
export const SERVICES = ['SCHOOLING', 'MEDICAL_BILLING', 'PROVIDENT_FUND_WITHDRAWAL'] as const;

/** A purpose, as the GraphQL enum `Service` names it. */
export type Service = (typeof SERVICES)[number];

/** Type guard for a service enum value coming from outside. */
export function isService(value: unknown): value is Service {
  return typeof value === 'string' && (SERVICES as readonly string[]).includes(value);
}
