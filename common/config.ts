import { z } from 'zod';

/** The environment as a plain map; services receive it, never read `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates `env` against a zod object schema and reports every problem at once, each
 * naming its variable, so a misconfigured service stops with one readable message.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env, service: string): z.infer<S> {
  // An empty value means unset, so `PORT=` falls back to the default instead of 0.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new Error(`${service}: invalid configuration\n${problems.join('\n')}`);
}

/** A TCP port from a string, with a default. */
export const portVar = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

/** An ISO calendar date `YYYY-MM-DD`. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

export const logLevelVar = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Unset means production: development conveniences (dev partner keys, fault injection) must be asked for. */
export const nodeEnvVar = z.enum(['development', 'production', 'test']).default('production');
