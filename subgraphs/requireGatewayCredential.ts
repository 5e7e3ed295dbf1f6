import type { KeyObject } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { GATEWAY_CREDENTIAL } from '../common/gatewayCredential';
import { markGatewayCredential } from '../common/gatewayProbe';
import { errorBody } from '../common/httpErrors';
import type { Logger } from '../common/logger';

/**
 * Credentials remembered at most: each gateway replica holds one per subgraph and renews
 * it every half-life, so a handful are live at a time. Only verified ones are kept, so a
 * caller without the key cannot fill it.
 */
const MAX_CREDENTIALS = 256;

export interface GatewayCredentialOptions {
  /** The gateway's Ed25519 public key (GATEWAY_PUBLIC_KEY). */
  publicKey: KeyObject;
  /** This subgraph's name, the `aud` the credential must name (`shanghai`, `interop`…). */
  audience: string;
  logger: Logger;
  /** The clock, milliseconds since the epoch; tests move it. Default: `Date.now`. */
  now?: () => number;
}

/**
 * Express middleware that lets through only requests carrying the gateway's credential
 * for this subgraph (`GATEWAY_CREDENTIAL`): `Authorization: Bearer <JWT>` signed EdDSA
 * under the gateway's key, `iss` `yrd-gateway`, `aud` this subgraph, not expired and at
 * most `maxAgeSeconds` old, with `clockToleranceSeconds` of skew. Anything else is
 * answered 401 `UNAUTHENTICATED` before the body is read, the same for every reason: a
 * caller without the key learns nothing, and the reason goes to the log instead.
 *
 * A request let through is marked so (`markGatewayCredential`): only then does its
 * `X-Yrd-Probe` count. A verified credential is remembered until it stops being acceptable, so its
 * signature is checked once, not on every request.
 */
export function requireGatewayCredential(options: GatewayCredentialOptions): RequestHandler {
  const now = options.now ?? Date.now;
  const toleranceMs = GATEWAY_CREDENTIAL.clockToleranceSeconds * 1000;
  const known = new LRUCache<string, { untilMs: number }>({ max: MAX_CREDENTIALS });

  const verify = async (token: string): Promise<void> => {
    const hit = known.get(token);
    if (hit && now() < hit.untilMs) return;
    const { payload } = await jwtVerify(token, options.publicKey, {
      algorithms: [GATEWAY_CREDENTIAL.algorithm],
      issuer: GATEWAY_CREDENTIAL.issuer,
      audience: options.audience,
      requiredClaims: ['iat', 'exp'],
      maxTokenAge: GATEWAY_CREDENTIAL.maxAgeSeconds,
      clockTolerance: GATEWAY_CREDENTIAL.clockToleranceSeconds,
      currentDate: new Date(now()),
    });
    const untilMs = Math.min(payload.exp! * 1000, (payload.iat! + GATEWAY_CREDENTIAL.maxAgeSeconds) * 1000) + toleranceMs;
    known.set(token, { untilMs });
  };

  return (req, res, next) => {
    const [scheme, token, ...rest] = (req.get('authorization') ?? '').split(' ');
    const refuse = (reason: string) => {
      options.logger.warn({ method: req.method, path: req.path, reason }, 'request without a valid gateway credential refused');
      res.status(401).set('WWW-Authenticate', 'Bearer').json(errorBody('UNAUTHENTICATED', undefined));
    };
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length) {
      refuse('no bearer credential');
      return;
    }
    verify(token).then(
      () => {
        markGatewayCredential(res);
        next();
      },
      (err: unknown) => refuse(err instanceof errors.JOSEError ? err.code : 'unverifiable'),
    );
  };
}
