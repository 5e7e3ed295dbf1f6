import { COMMON_REASON_MESSAGES, reasonsFrom, type ReasonTable } from '../reasons';
import { medicalBilling } from './medicalBilling';
import { providentFundWithdrawal } from './providentFundWithdrawal';
import { schooling } from './schooling';
import type { z } from 'zod';
import type { ServiceModule } from './serviceModule';

/**
 * The services the hub decides for, in `Service` enum order (common/services.ts lists
 * the same purposes): the one list a new service module is added to
 * (docs/adding-a-purpose.md). The policy file, record check, decision and listing take
 * it as a parameter, so a test can pass a registry of its own.
 */
export const SERVICE_MODULES = [schooling, medicalBilling, providentFundWithdrawal] as const satisfies readonly ServiceModule[];

// A module's entry in a host of the policy file, `{ schooling: SchoolingThresholds }`.
type ThresholdsOf<M> = M extends { thresholds: { key: infer K extends string; schema: infer S extends z.ZodType } }
  ? { [P in K]: z.infer<S> }
  : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** One host's thresholds under the shipped registry, every service's under its key. */
export type ShippedHostPolicy = Intersection<ThresholdsOf<(typeof SERVICE_MODULES)[number]>>;

/** The module of `service` in `registry`; throws on a name the registry lacks (a caller's bug). */
export function serviceModule(service: string, registry: readonly ServiceModule[] = SERVICE_MODULES): ServiceModule {
  const found = registry.find((m) => m.purpose.name === service);
  if (found === undefined) throw new RangeError(`no service module for ${JSON.stringify(service)}`);
  return found;
}

// Each member of a union on its own, so the codes of every module are kept.
type CodesOf<T> = T extends unknown ? keyof T & string : never;

/** Why a decision is what it is; every code has both messages in {@link REASON_MESSAGES}. */
export type ReasonCode = keyof typeof COMMON_REASON_MESSAGES | CodesOf<(typeof SERVICE_MODULES)[number]['reasons']>;

/**
 * The message table of `registry`: the common reasons, then each service's. Throws when a
 * service reuses a code, since one code has one meaning in every decision.
 */
export function reasonMessages(registry: readonly ServiceModule[]): ReasonTable {
  const table: Record<string, ReasonTable[string]> = { ...COMMON_REASON_MESSAGES };
  for (const m of registry) {
    for (const [code, messages] of Object.entries(m.reasons)) {
      if (Object.hasOwn(table, code)) throw new Error(`reason code ${code} of ${m.purpose.name} is already taken`);
      table[code] = messages;
    }
  }
  return table;
}

/**
 * Every reason a recognition decision can give, with its Chinese and English message:
 * the one message table (docs/domain.md, "Recognition policy").
 */
export const REASON_MESSAGES = reasonMessages(SERVICE_MODULES) as Readonly<Record<ReasonCode, ReasonTable[string]>>;

/** Every reason code, in the order of the message table. */
export const REASON_CODES = Object.keys(REASON_MESSAGES) as ReasonCode[];

/** Builds a reason of any code with the messages of its code. */
export const reason = reasonsFrom(REASON_MESSAGES);
