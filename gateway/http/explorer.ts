import { Router } from 'express';
import type { GraphQLError } from 'graphql';
import type { NodeEnv } from '../../common/config';
import { ERROR_CODES, type ErrorCode } from '../../common/errorCodes';
import { errorBody } from '../../common/httpErrors';
import { mintDevToken } from '../auth/developmentTokens';
import type { PartnerRegistry } from '../auth/partnerRegistry';
import type { VerifiedPartner } from '../auth/verifyPartnerToken';
import { pageRoutes } from './pages';

/** Lifetime of a token `GET /dev/partners` hands out, seconds: a working session. */
const DEV_TOKEN_TTL_SECONDS = 3600;

export interface ExplorerOptions {
  nodeEnv: NodeEnv;
  /** The partners the gateway trusts; development lists those with a development key. */
  registry: PartnerRegistry;
  /** The `aud` of the development tokens (AUTH_AUDIENCE). */
  audience: string;
  /** The public API schema (`composeSchemas().apiSdl`), served at `/schema.graphql`. */
  apiSdl: string;
  /** The gateway's token check; `/schema.graphql` needs `schema:explore` outside development. */
  verifyToken: (authorization: string | undefined) => Promise<VerifiedPartner>;
  /** Bundled pages folder; tests point it elsewhere. */
  pagesDir?: string;
}

/**
 * What developers explore the API with, all from the gateway's own origin:
 * - `GET /` and `/explorer`: GraphiQL (pages/explorer/), under a policy relaxed only as far
 *   as it needs: its editor workers come from our origin (`worker-src 'self'`), its fonts
 *   are inlined in its stylesheet (`font-src data:`), and Monaco writes its editor styles
 *   into `<style>` elements at run time (`style-src 'unsafe-inline'`). Scripts stay
 *   `'self'` only; `/graphql` keeps helmet's default.
 * - `GET /dev/partners`: in development only (404 otherwise), the partners that have a
 *   development key, each with a fresh token for all its purposes, for the page's picker.
 * - `GET /schema.graphql`: the public SDL, to holders of `schema:explore` (401/403 with the
 *   documented codes otherwise), and to anyone in development.
 */
export function explorerRoutes(options: ExplorerOptions): Router {
  const { nodeEnv, registry, audience, apiSdl, verifyToken } = options;
  const development = nodeEnv === 'development';
  const router = Router();
  router.use(
    pageRoutes({
      name: 'explorer',
      paths: ['/', '/explorer'],
      relax: {
        'worker-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'style-src': ["'self'", "'unsafe-inline'"],
      },
      dir: options.pagesDir,
    }),
  );
  if (development) {
    router.get('/dev/partners', async (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ partners: await developmentPartners(registry, audience) });
    });
  }
  router.get('/schema.graphql', async (req, res) => {
    if (!development) {
      const refusal = await schemaRefusal(req.get('authorization'), verifyToken);
      if (refusal) {
        res.status(ERROR_CODES[refusal].httpStatus).json(errorBody(refusal, res.locals.requestId as string | undefined));
        return;
      }
    }
    res.type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send(apiSdl);
  });
  return router;
}

/** Every partner of the registry that has a development key, with a token for all its purposes. */
async function developmentPartners(registry: PartnerRegistry, audience: string) {
  const listed = await Promise.all(
    [...registry.partners.values()].map(async (p) => {
      // A registry file given in development may hold real partners: they get no token.
      const token = await mintDevToken({ partnerId: p.id, registry, audience, ttlSeconds: DEV_TOKEN_TTL_SECONDS }).catch(() => null);
      return token && { id: p.id, name: p.name, region: p.region, purposes: [...p.purposes], token };
    }),
  );
  return listed.filter((p) => p !== null);
}

/** Why the caller may not read the schema, or null when it may. */
async function schemaRefusal(
  authorization: string | undefined,
  verifyToken: ExplorerOptions['verifyToken'],
): Promise<ErrorCode | null> {
  try {
    const { claims } = await verifyToken(authorization);
    return claims.scopes.includes('schema:explore') ? null : 'SCOPE_NOT_GRANTED';
  } catch (err) {
    if ((err as GraphQLError).extensions?.code === 'UNAUTHENTICATED') return 'UNAUTHENTICATED';
    throw err;
  }
}
