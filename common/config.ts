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

/** The two modes of every service. */
export type NodeEnv = 'development' | 'production';

/**
 * NODE_ENV: `development` or `production`, nothing else. Unset means production:
 * development conveniences (development partner keys, fault injection, fixed dates) must
 * be asked for by name, so no third value (`test`, `staging`) can switch them on.
 */
export const nodeEnvVar = z
  .enum(['development', 'production'], { error: 'must be development or production (unset: production); no other mode exists' })
  .default('production');

/**
 * Reports each of `keys` that is set outside development, for a `superRefine` of an env
 * schema: a fixed date or another development convenience must never reach production
 * unnoticed. `why` ends the message, e.g. "production decides as of today".
 */
export function refuseOutsideDevelopment<E extends { NODE_ENV: NodeEnv }>(
  env: E,
  ctx: z.RefinementCtx,
  keys: ReadonlyArray<keyof E & string>,
  why: string,
): void {
  if (env.NODE_ENV === 'development') return;
  for (const key of keys) {
    if (env[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `refused outside development: ${why}` });
  }
}

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT (the OpenTelemetry name): the OTLP/HTTP collector's base URL,
 * e.g. `http://otel-collector:4318`; spans go to `<url>/v1/traces`. Unset: tracing off.
 */
export const otlpEndpointVar = z.url({ protocol: /^https?$/ });
