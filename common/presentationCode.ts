import { randomBytes, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, SignJWT } from 'jose';
import type { ErrorCode } from './errorCodes';
import { isRegion, type Region } from './regions';
import { isService, type Service } from './services';
import { shanghaiDate } from './chinaToday';
import type { TrustedKey } from './trust';

/*
 * A presentation code (亮证码): what a holder's app shows as a QR code so that an
 * official at a counter can verify the permit, for one purpose, for a few minutes, once.
 * A compact JWS (EdDSA) signed with the issuing region's key. Format and sizes:
 * docs/presentation-codes.md.
 */

/** `typ` of a presentation code's header: a code is never taken for a signed record. */
export const PRESENTATION_CODE_TYPE = 'yrd-presentation+jwt';

/** Lifetime of a code, seconds: 5 minutes unless asked otherwise, at most 30. */
export const CODE_LIFETIME_SECONDS = { default: 300, max: 1800 } as const;

/** Clock difference tolerated between issuer and verifier, seconds. */
export const CLOCK_SKEW_SECONDS = 60;

/** The claims of a code, by their meaning; the JWT names are in brackets. */
export interface PresentationClaims {
  /** The permit number (`sub`). */
  permitId: string;
  /** The issuing region (`iss`). */
  issuer: Region;
  /** The one purpose the holder presents the permit for (`pur`). */
  purpose: Service;
  /** A partner id or a host region the code is for (`aud`); absent: any partner. */
  audience?: string;
  /** Epoch seconds (`iat`, `exp`). */
  issuedAt: number;
  expiresAt: number;
  /** 128 random bits, base64url (`jti`): what makes the code single use. */
  nonce: string;
}

export interface IssueCodeRequest {
  permitId: string;
  issuer: Region;
  purpose: Service;
  audience?: string;
  /** Default {@link CODE_LIFETIME_SECONDS}.default; more than the max is a RangeError. */
  lifetimeSeconds?: number;
  /** Epoch seconds; default now. */
  now?: number;
}

/** Signs a presentation code with the issuer's key `keyId`. */
export async function signPresentationCode(request: IssueCodeRequest, keyId: string, privateKey: KeyObject): Promise<{ code: string; claims: PresentationClaims }> {
  const lifetime = request.lifetimeSeconds ?? CODE_LIFETIME_SECONDS.default;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > CODE_LIFETIME_SECONDS.max) {
    throw new RangeError(`a code lives 1 to ${CODE_LIFETIME_SECONDS.max} seconds, not ${lifetime}`);
  }
  const issuedAt = request.now ?? Math.floor(Date.now() / 1000);
  const claims: PresentationClaims = {
    permitId: request.permitId,
    issuer: request.issuer,
    purpose: request.purpose,
    ...(request.audience ? { audience: request.audience } : {}),
    issuedAt,
    expiresAt: issuedAt + lifetime,
    nonce: randomBytes(16).toString('base64url'),
  };
  const jwt = new SignJWT({ pur: claims.purpose, ...(claims.audience ? { aud: claims.audience } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', kid: keyId, typ: PRESENTATION_CODE_TYPE })
    .setIssuer(claims.issuer)
    .setSubject(claims.permitId)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .setJti(claims.nonce);
  return { code: await jwt.sign(privateKey), claims };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The claims of a payload, or undefined when any is missing or of the wrong shape. */
function claimsOf(payload: unknown): PresentationClaims | undefined {
  if (!isObject(payload)) return undefined;
  const { sub, iss, pur, aud, iat, exp, jti } = payload;
  if (typeof sub !== 'string' || !isRegion(iss) || !isService(pur) || typeof jti !== 'string' || jti.length < 16) return undefined;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) return undefined;
  if (aud !== undefined && typeof aud !== 'string') return undefined;
  return {
    permitId: sub,
    issuer: iss,
    purpose: pur,
    ...(aud !== undefined ? { audience: aud } : {}),
    issuedAt: iat as number,
    expiresAt: exp as number,
    nonce: jti,
  };
}

/**
 * Reads a code's claims WITHOUT checking its signature: for checks that need only the
 * caller's context (purpose, audience, expiry) before anything is fetched. Undefined when
 * the code is not a well-formed presentation code.
 */
export function readPresentationCode(code: string): PresentationClaims | undefined {
  try {
    const parts = code.split('.');
    if (parts.length !== 3) return undefined;
    const header = decodeProtectedHeader(code);
    if (header.alg !== 'EdDSA' || header.typ !== PRESENTATION_CODE_TYPE || typeof header.kid !== 'string') return undefined;
    return claimsOf(JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/** The outcome of verifying a code's signature, issuer and lifetime. */
export type CodeVerification =
  | { ok: true; claims: PresentationClaims; keyId: string }
  | { ok: false; code: Extract<ErrorCode, 'CODE_INVALID' | 'CODE_EXPIRED' | 'ISSUER_NOT_TRUSTED'>; problem: string; keyId?: string };

export interface VerifyCodeOptions {
  /** The registered key with this id, with its public key ready to verify. */
  lookup(keyId: string): { metadata: TrustedKey; publicKey: KeyObject } | undefined;
  /** Epoch seconds; default now. */
  now?: number;
}

/**
 * Verifies a presentation code: a compact JWS of the right type under a key the trust
 * registry holds (`ISSUER_NOT_TRUSTED` for an unknown key), its signature (`CODE_INVALID`),
 * its claims (`CODE_INVALID`), the key registered to the code's issuer and valid on the
 * day the code was signed, China Standard Time (`ISSUER_NOT_TRUSTED`: a retired key signs
 * nothing new), and its lifetime (`CODE_EXPIRED`). Never throws.
 */
export async function verifyPresentationCode(code: string, options: VerifyCodeOptions): Promise<CodeVerification> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let keyId: string;
  try {
    const header = decodeProtectedHeader(code);
    if (header.alg !== 'EdDSA' || header.typ !== PRESENTATION_CODE_TYPE || typeof header.kid !== 'string') {
      return { ok: false, code: 'CODE_INVALID', problem: 'not a presentation code header' };
    }
    keyId = header.kid;
  } catch {
    return { ok: false, code: 'CODE_INVALID', problem: 'not a compact JWS' };
  }
  const key = options.lookup(keyId);
  if (!key) return { ok: false, code: 'ISSUER_NOT_TRUSTED', problem: `key ${keyId} is not in the trust registry`, keyId };
  let payload: unknown;
  try {
    const verified = await compactVerify(code, key.publicKey, { algorithms: ['EdDSA'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return { ok: false, code: 'CODE_INVALID', problem: `signature does not verify under key ${keyId}`, keyId };
  }
  const claims = claimsOf(payload);
  if (!claims) return { ok: false, code: 'CODE_INVALID', problem: 'claims missing or malformed', keyId };
  if (claims.expiresAt <= claims.issuedAt || claims.expiresAt - claims.issuedAt > CODE_LIFETIME_SECONDS.max || claims.issuedAt > now + CLOCK_SKEW_SECONDS) {
    return { ok: false, code: 'CODE_INVALID', problem: 'lifetime out of bounds', keyId };
  }
  const { region, validFrom, validUntil } = key.metadata;
  const signedOn = shanghaiDate(claims.issuedAt);
  if (region !== claims.issuer) return { ok: false, code: 'ISSUER_NOT_TRUSTED', problem: `key ${keyId} belongs to ${region}`, keyId };
  if (signedOn < validFrom || signedOn > validUntil) {
    return { ok: false, code: 'ISSUER_NOT_TRUSTED', problem: `key ${keyId} valid ${validFrom} to ${validUntil}, code signed ${signedOn}`, keyId };
  }
  if (claims.expiresAt <= now) return { ok: false, code: 'CODE_EXPIRED', problem: 'expired', keyId };
  return { ok: true, claims, keyId };
}
