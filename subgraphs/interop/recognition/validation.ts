import { z } from 'zod';
import { isIsoDate } from '../../../common/dates';

/**
 * Shared pieces of the two file loaders (policies, trust registry): messages that say
 * what was expected, JSON paths in the `policies[0].hosts.SUZHOU` form, and one Error
 * that lists every problem, so an operator fixes a file in one round.
 */

/** Zod error option: `expected <what>`, or `missing; expected <what>` for an absent field. */
export function expecting(what: string): { error: (issue: z.core.$ZodRawIssue) => string } {
  return {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return issue.input === undefined ? `missing; expected ${what}` : `expected ${what}`;
    },
  };
}

/** A non-negative safe integer (months, days, ages). */
export const count = z
  .number(expecting('a non-negative integer'))
  .int(expecting('a non-negative integer'))
  .min(0, expecting('a non-negative integer'));

/** A real calendar date `YYYY-MM-DD`. */
export const isoDate = z.string(expecting('an ISO date YYYY-MM-DD')).refine(isIsoDate, expecting('an ISO date YYYY-MM-DD'));

/** `policies[0].hosts.SUZHOU.schooling` from a root name and a zod path. */
export function formatPath(root: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    root,
  );
}

/** One line per zod issue: `<path>: <message>`. */
export function formatIssues(root: string, error: z.ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
}

/** Throws one Error naming every problem; does nothing when there is none. */
export function throwIfProblems(what: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const noun = problems.length === 1 ? 'problem' : 'problems';
  throw new Error(`Invalid ${what} (${problems.length} ${noun}):\n  ${problems.join('\n  ')}`);
}

/** An object of `shape` whose type error says `expected an object` (record fields). */
export const anObject = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, expecting('an object'));
