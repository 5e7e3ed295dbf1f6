import { z } from 'zod';
import { nodeEnvVar, parseEnv, type Env, type NodeEnv } from '../../common/config';

/** Every default of partner authentication (`loadAuthConfig`). */
export const AUTH_DEFAULTS = {
  /** The `aud` every partner token must name. */
  audience: 'yrd-interop-gateway',
  /** Clock skew accepted on `exp`, `nbf` and `iat`, seconds. */
  clockToleranceSeconds: 5,
  /** Oldest accepted token, by its `iat`, seconds; bounds a token minted with a far `exp`. */
  maxTokenAgeSeconds: 86_400,
} as const;

/**
 * The auth variables of the gateway, for the lead to merge into `gatewayEnvSchema`.
 * `PARTNER_REGISTRY_FILE` is required in production: the default, bundled development
 * registry holds keys whose private halves anyone with this source can derive.
 */
export const authEnvSchema = z
  .object({
    NODE_ENV: nodeEnvVar,
    /** JSON partner registry; unset: the bundled gateway/auth/dev-partners.json (never in production). */
    PARTNER_REGISTRY_FILE: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).default(AUTH_DEFAULTS.audience),
    AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(AUTH_DEFAULTS.clockToleranceSeconds),
    AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(AUTH_DEFAULTS.maxTokenAgeSeconds),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.PARTNER_REGISTRY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['PARTNER_REGISTRY_FILE'],
        message: 'required in production (the development registry is never used there)',
      });
    }
  });

export interface AuthConfig {
  nodeEnv: NodeEnv;
  /** Path of the registry file; `undefined` selects the bundled development registry. */
  partnerRegistryFile: string | undefined;
  audience: string;
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
}

/** Reads and validates the auth variables, reporting every problem at once. */
export function loadAuthConfig(env: Env): AuthConfig {
  const c = parseEnv(authEnvSchema, env, 'gateway auth');
  return {
    nodeEnv: c.NODE_ENV,
    partnerRegistryFile: c.PARTNER_REGISTRY_FILE,
    audience: c.AUTH_AUDIENCE,
    clockToleranceSeconds: c.AUTH_CLOCK_TOLERANCE_SECONDS,
    maxTokenAgeSeconds: c.AUTH_MAX_TOKEN_AGE_SECONDS,
  };
}
