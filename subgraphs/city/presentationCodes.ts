import { timingSafeEqual, createHash, type KeyObject } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { ERROR_CODES } from '../../common/errorCodes';
import { itemError } from '../../common/errors';
import { parsePermitNumber } from '../../common/permitNumber';
import { isPresentable } from '../../common/presentedPermit';
import type { PermitRegistry } from '../../common/permitRegistry';
import { CODE_LIFETIME_SECONDS, signPresentationCode, type PresentationClaims } from '../../common/presentationCode';
import type { Region } from '../../common/regions';
import { SERVICES } from '../../common/services';
import { shanghaiDate } from '../../common/chinaToday';

/** The key the city signs codes with on a given day (its trust-registry key of that year). */
export type CodeSigner = (day: string) => { keyId: string; privateKey: KeyObject };

export interface PresentationCodeIssuer {
  region: Region;
  registry: PermitRegistry;
  signer: CodeSigner;
}

const requestSchema = z.strictObject({
  permitId: z.string().max(64),
  purpose: z.enum(SERVICES),
  audience: z.string().regex(/^[\w.:-]{1,64}$/).optional(),
  lifetimeSeconds: z.number().int().min(1).max(CODE_LIFETIME_SECONDS.max).optional(),
});

export type IssueRequest = z.infer<typeof requestSchema>;

/**
 * Issues a presentation code for one of the city's own permits, as its app would for the
 * signed-in holder: the permit must be the city's, in its registry and neither revoked nor
 * suspended, and the code is signed with the city's key of today. Resolves to `{code, claims}` or an error code.
 */
export async function issuePresentationCode(
  issuer: PresentationCodeIssuer,
  request: IssueRequest,
  now = Math.floor(Date.now() / 1000),
): Promise<{ ok: true; code: string; claims: PresentationClaims } | { ok: false; code: 'INVALID_PERMIT_NUMBER' | 'UNKNOWN_ISSUER' | 'PERMIT_NOT_FOUND' | 'PERMIT_NOT_PRESENTABLE' }> {
  const parsed = parsePermitNumber(request.permitId);
  if (!parsed.ok) return { ok: false, code: parsed.code };
  if (parsed.region !== issuer.region) return { ok: false, code: 'UNKNOWN_ISSUER' };
  const [permit] = await issuer.registry.getMany([parsed.permit.value]);
  if (!permit) return { ok: false, code: 'PERMIT_NOT_FOUND' };
  if (!isPresentable(permit.status)) return { ok: false, code: 'PERMIT_NOT_PRESENTABLE' };
  const { keyId, privateKey } = issuer.signer(shanghaiDate(now));
  const signed = await signPresentationCode(
    { permitId: permit.id, issuer: issuer.region, purpose: request.purpose, audience: request.audience, lifetimeSeconds: request.lifetimeSeconds, now },
    keyId,
    privateKey,
  );
  return { ok: true, ...signed };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `POST /app/presentation-codes` for the issuer's own app clients: a bearer token only
 * they hold (`APP_CLIENT_TOKEN`), never the gateway's credential, and no GraphQL field, so
 * neither the gateway nor any partner can mint a code (consent would mean nothing).
 * Body `{permitId, purpose, audience?, lifetimeSeconds?}`; answers `{code, expiresAt}`.
 */
export function presentationCodeRoutes(issuer: PresentationCodeIssuer, appClientToken: string): express.Router {
  const expected = digest(appClientToken);
  const router = express.Router();
  router.post('/app/presentation-codes', express.json({ limit: 4096 }), async (req, res) => {
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    // Compared as digests: equal lengths, constant time.
    if (!timingSafeEqual(digest(given), expected)) {
      res.status(401).json({ error: itemError('UNAUTHENTICATED') });
      return;
    }
    const body = requestSchema.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: itemError('BAD_USER_INPUT') });
      return;
    }
    const issued = await issuePresentationCode(issuer, body.data);
    if (!issued.ok) {
      res.status(ERROR_CODES[issued.code].httpStatus).json({ error: itemError(issued.code) });
      return;
    }
    res.json({ code: issued.code, expiresAt: new Date(issued.claims.expiresAt * 1000).toISOString() });
  });
  return router;
}
