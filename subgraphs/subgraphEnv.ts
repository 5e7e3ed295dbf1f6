import { z } from 'zod';
import { isoDate, logLevelVar, nodeEnvVar, otlpEndpointVar, portVar, refuseOutsideDevelopment, type NodeEnv } from '../common/config';
import { DEFAULTS } from '../common/defaults';
import { checkCredentialKey, gatewayPublicKeyVar } from '../common/gatewayCredential';
import { secretKeysProblems } from '../common/secretKey';
import { FAULT_VARIABLES, faultEnvShape } from './faults';

/**
 * The variables every subgraph reads, the interop hub and each city alike; each adds its
 * own. docker-compose.yml is checked against the schemas built from it.
 */
export function subgraphEnvShape(defaultPort: number) {
  return {
    PORT: portVar(defaultPort),
    HOST: z.string().min(1).default(DEFAULTS.host),
    LOG_LEVEL: logLevelVar.default(DEFAULTS.logLevel),
    NODE_ENV: nodeEnvVar,
    /**
     * Fixes the decision date (hub) or the mock registry's as-of date (cities), so results
     * repeat (tests, README examples); development only. Unset: today in China Standard
     * Time, the only date production uses. Each service refuses both in production, so a
     * date fixed for the whole stack stops every service.
     */
    DECISION_DATE: isoDate.optional(),
    MOCK_AS_OF: isoDate.optional(),
    ...faultEnvShape,
    /**
     * The gateway's Ed25519 public key (base64url, 32 raw bytes): every request but
     * `GET /healthz` must carry a credential it signed. Required in production; unset
     * elsewhere: the published development key.
     */
    GATEWAY_PUBLIC_KEY: gatewayPublicKeyVar.optional(),
    /** OpenTelemetry tracing: the OTLP/HTTP collector's base URL (`common/tracing.ts`). Unset: off. */
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpointVar.optional(),
    /**
     * The secret of a demo in production mode (docker-compose.yml): the cities derive their
     * mock registries' seed and signing keys from it, and the hub, with
     * TRUST_REGISTRY=demo, its trust registry — so no published key is in play. A secret
     * like the gateway's keys (common/secretKey.ts), the same on the cities and the hub,
     * given to no other process. Required by a production city; unset elsewhere: the
     * published mock seed and keys.
     */
    MOCK_DEMO_SECRET: z.string().min(1).optional(),
  };
}

/**
 * The checks every subgraph makes of those variables: the gateway's key in production,
 * no fixed date outside development (`why` says what the date would break), no fault
 * injection in production, and its secrets — MOCK_DEMO_SECRET and the `secrets` the
 * service adds (a city's APP_CLIENT_TOKEN) — by the one secret rule in production.
 */
export function checkSubgraphEnv(
  env: { NODE_ENV: NodeEnv; DECISION_DATE?: string; MOCK_AS_OF?: string; MOCK_DEMO_SECRET?: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
  why: string,
  secrets: Readonly<Record<string, string | undefined>> = {},
): void {
  checkCredentialKey(ctx, env, 'GATEWAY_PUBLIC_KEY', DEFAULTS.developmentOnlyGatewayPublicKey);
  refuseOutsideDevelopment(env, ctx, ['DECISION_DATE', 'MOCK_AS_OF'], why);
  if (env.NODE_ENV !== 'production') return;
  // `/__faults` lets anyone on the network take a region down: a test tool, never production's.
  for (const key of FAULT_VARIABLES) {
    if (env[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'refused in production: fault injection is a development and test tool' });
  }
  for (const [key, problem] of secretKeysProblems({ MOCK_DEMO_SECRET: env.MOCK_DEMO_SECRET, ...secrets })) {
    ctx.addIssue({ code: 'custom', path: [key], message: `refused in production: ${problem}` });
  }
}
