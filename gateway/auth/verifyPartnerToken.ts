import { decodeProtectedHeader, errors, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { yrdError } from '../../common/errors';
import { SERVICES, type Service } from '../../common/services';
import { AUTH_DEFAULTS } from './authConfig';
import { PARTNER_KEY_ALGORITHMS, SCOPES, type Partner, type PartnerRegistry, type Scope } from './partnerRegistry';

/** The verified claims of a partner token, narrowed to what the registry grants today. */
export interface PartnerClaims {
  /** The partner id; `iss` and `sub` are both this. */
  sub: string;
  aud: string;
  /** Token id, for the audit record. */
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  /** Purposes both the token and the registry grant (a purpose withdrawn in the registry is gone at once). */
  purposes: Service[];
  /** Scopes both the token (`scope`, space-separated) and the registry grant. */
  scopes: Scope[];
}

/** A caller whose token verified: spread it into the request context (`PartnerContext`). */
export interface VerifiedPartner {
  partner: Partner;
  claims: PartnerClaims;
}

export interface VerifyOptions {
  /** The `aud` the token must name, e.g. `yrd-interop-gateway`. */
  audience: string;
  /** The verification time; default: now. */
  now?: Date;
  /** Accepted clock skew, seconds; default 5. */
  clockToleranceSeconds?: number;
  /** Oldest accepted `iat`, seconds before `now`; default 86 400. */
  maxTokenAgeSeconds?: number;
}

/** Why a token was refused; `extensions.reason` of the `UNAUTHENTICATED` error. */
export type UnauthenticatedReason =
  | 'MISSING_TOKEN'
  | 'NOT_BEARER'
  | 'MALFORMED_TOKEN'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'WRONG_AUDIENCE'
  | 'WRONG_ISSUER'
  | 'BAD_CLAIMS';

const claimsSchema = z.object({
  sub: z.string(),
  aud: z.string(),
  jti: z.string().min(1).max(128),
  iat: z.number(),
  exp: z.number(),
  purposes: z.array(z.enum(SERVICES)),
  scope: z.string().max(1024).default(''),
});

// Three base64url parts; an empty signature is let through to be refused as `alg: none`.
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

const refuse = (reason: UnauthenticatedReason, detail: string): GraphQLError =>
  yrdError('UNAUTHENTICATED', { reason }, { detail, wholeRequest: true });

/**
 * Verifies a partner's `Authorization: Bearer <JWT>` header (RFC 6750, RFC 7519) against
 * the registry: the `kid` names a registered key, the algorithm is that key's own
 * (EdDSA or ES256 — never `none` or a shared secret), the signature verifies, `iss` and
 * `sub` are the key's partner, `aud` is ours, and `exp`/`nbf`/`iat` hold within the
 * clock tolerance. Anything else throws `UNAUTHENTICATED` (HTTP 401) with a `reason`.
 */
export async function verifyPartnerToken(
  authorizationHeader: string | undefined,
  registry: PartnerRegistry,
  options: VerifyOptions,
): Promise<VerifiedPartner> {
  if (!authorizationHeader?.trim()) throw refuse('MISSING_TOKEN', 'No Authorization header.');
  const match = BEARER.exec(authorizationHeader.trim());
  if (!match) {
    throw /^Bearer(\s|$)/i.test(authorizationHeader.trim())
      ? refuse('MALFORMED_TOKEN', 'The bearer token is not a signed JWT.')
      : refuse('NOT_BEARER', 'Use the Bearer scheme.');
  }
  const token = match[1] as string;

  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw refuse('MALFORMED_TOKEN', 'The token header cannot be decoded.');
  }
  if (!(PARTNER_KEY_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
    throw refuse('ALGORITHM_NOT_ALLOWED', `Algorithm ${String(header.alg)} is not accepted.`);
  }
  const entry = typeof header.kid === 'string' ? registry.keys.get(header.kid) : undefined;
  if (!entry) throw refuse('UNKNOWN_KEY', 'The token names no registered key (kid).');
  const { partner, key } = entry;
  // The key fixes its algorithm: a token cannot pick another one for the same key material.
  if (header.alg !== key.alg) throw refuse('ALGORITHM_NOT_ALLOWED', `Key ${key.kid} signs with ${key.alg} only.`);

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      audience: options.audience,
      issuer: partner.id,
      subject: partner.id,
      currentDate: options.now,
      clockTolerance: options.clockToleranceSeconds ?? AUTH_DEFAULTS.clockToleranceSeconds,
      maxTokenAge: options.maxTokenAgeSeconds ?? AUTH_DEFAULTS.maxTokenAgeSeconds,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
    }));
  } catch (err) {
    throw refusalFor(err);
  }

  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    throw refuse('BAD_CLAIMS', `Claim ${claims.error.issues[0]?.path.join('.') ?? ''} is malformed.`);
  }
  const { sub, aud, jti, iat, exp, purposes, scope } = claims.data;
  const requestedScopes = scope.split(' ').filter(Boolean);
  return {
    partner,
    claims: {
      sub,
      aud,
      jti,
      iat,
      exp,
      purposes: SERVICES.filter((s) => purposes.includes(s) && partner.purposes.includes(s)),
      scopes: SCOPES.filter((s) => requestedScopes.includes(s) && partner.scopes.includes(s)),
    },
  };
}

function refusalFor(err: unknown): GraphQLError {
  if (err instanceof errors.JWSSignatureVerificationFailed) return refuse('BAD_SIGNATURE', 'The signature does not verify.');
  if (err instanceof errors.JWTExpired) return refuse('EXPIRED', 'The token has expired or is too old.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'check_failed') {
      switch (err.claim) {
        case 'nbf':
        case 'iat':
          return refuse('NOT_YET_VALID', 'The token is not valid yet.');
        case 'aud':
          return refuse('WRONG_AUDIENCE', 'The token is meant for another audience.');
        case 'iss':
        case 'sub':
          return refuse('WRONG_ISSUER', 'iss and sub must be the partner that owns the key.');
      }
    }
    return refuse('BAD_CLAIMS', `Claim ${err.claim} is missing or malformed.`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return refuse('ALGORITHM_NOT_ALLOWED', 'The algorithm is not accepted.');
  return refuse('MALFORMED_TOKEN', 'The token cannot be parsed.');
}
