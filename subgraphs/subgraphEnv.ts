import { z } from 'zod';
import { isoDate, logLevelVar, nodeEnvVar, otlpEndpointVar, portVar, refuseOutsideDevelopment, type NodeEnv } from '../common/config';
import { DEFAULTS } from '../common/defaults';
import { checkCredentialKey, gatewayPublicKeyVar } from '../common/gatewayCredential';
import { faultEnvShape } from '../mocks/faults';

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
  };
}

/**
 * The checks every subgraph makes of those variables: the gateway's key in production,
 * and no fixed date outside development (`why` says what the date would break).
 */
export function checkSubgraphEnv(
  env: { NODE_ENV: NodeEnv; DECISION_DATE?: string; MOCK_AS_OF?: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
  why: string,
): void {
  checkCredentialKey(ctx, env, 'GATEWAY_PUBLIC_KEY', DEFAULTS.developmentOnlyGatewayPublicKey);
  refuseOutsideDevelopment(env, ctx, ['DECISION_DATE', 'MOCK_AS_OF'], why);
}
