import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { notFound } from '../../../common/httpErrors';
import { mintDevToken } from '../../auth/developmentTokens';
import { DEVELOPMENT_REGISTRY } from '../../auth/loadPartnerRegistry';
import { parsePartnerRegistry, type PartnerRegistry } from '../../auth/partnerRegistry';
import { verifiedTokens } from '../../auth/verifiedTokens';
import { verifyPartnerToken } from '../../auth/verifyPartnerToken';
import { productionPartnerRegistry } from '../../../test/support/productionSecrets';
import { explorerRoutes } from '../explorer';

const AUDIENCE = 'yrd-interop-gateway';
const API_SDL = '"""居住证 — A permit."""\ntype Query { permit: String }\n';

/** The gateway's edge as far as these routes go: helmet, the routes, the 404. */
function app(nodeEnv: 'development' | 'production', registry: PartnerRegistry) {
  const verifyToken = verifiedTokens(registry, { audience: AUDIENCE });
  const a = express();
  a.use(helmet());
  a.use(explorerRoutes({ nodeEnv, registry, audience: AUDIENCE, apiSdl: API_SDL, verifyToken }));
  a.post('/graphql', (_req, res) => res.json({}));
  a.use(notFound);
  return a;
}

/** A production registry: one partner with a fresh key and the scopes asked for. */
function productionRegistry(scopes: string[]): { registry: PartnerRegistry; sign: () => Promise<string> } {
  const { document, sign } = productionPartnerRegistry(scopes);
  return { registry: parsePartnerRegistry(document, 'test'), sign };
}

describe('GET /dev/partners', () => {
  it('lists, in development, every development partner with a token the gateway accepts for its purposes', async () => {
    const res = await request(app('development', DEVELOPMENT_REGISTRY)).get('/dev/partners').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const partners = res.body.partners as Array<{ id: string; region: string; purposes: string[]; token: string }>;
    expect(partners.map((p) => p.id).sort()).toEqual([...DEVELOPMENT_REGISTRY.partners.keys()].sort());
    for (const p of partners) {
      const registered = DEVELOPMENT_REGISTRY.partners.get(p.id)!;
      expect(p.region).toBe(registered.region);
      expect(p.purposes).toEqual(registered.purposes);
      const { claims } = await verifyPartnerToken(`Bearer ${p.token}`, DEVELOPMENT_REGISTRY, { audience: AUDIENCE });
      expect(claims.sub).toBe(p.id);
      expect(claims.purposes).toEqual(registered.purposes);
    }
  });

  it('is not there in production (404 NOT_FOUND)', async () => {
    const { registry } = productionRegistry(['permits:read']);
    const res = await request(app('production', registry)).get('/dev/partners').expect(404);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('hands out no token for a partner without a development key, even in development', async () => {
    const { registry } = productionRegistry(['permits:read']);
    const res = await request(app('development', registry)).get('/dev/partners').expect(200);
    expect(res.body).toEqual({ partners: [] });
  });
});

describe('GET /schema.graphql', () => {
  it('serves the public SDL to anyone in development', async () => {
    const res = await request(app('development', DEVELOPMENT_REGISTRY)).get('/schema.graphql').expect(200);
    expect(res.text).toBe(API_SDL);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('serves it in production to a token holding schema:explore', async () => {
    const { registry, sign } = productionRegistry(['permits:read', 'schema:explore']);
    const res = await request(app('production', registry)).get('/schema.graphql').set('authorization', `Bearer ${await sign()}`).expect(200);
    expect(res.text).toBe(API_SDL);
  });

  it('refuses it in production without a token (401 UNAUTHENTICATED) and without the scope (403 SCOPE_NOT_GRANTED)', async () => {
    const { registry, sign } = productionRegistry(['permits:read']);
    const a = app('production', registry);
    const anonymous = await request(a).get('/schema.graphql').expect(401);
    expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', messageZh: expect.any(String) });
    const scoped = await request(a).get('/schema.graphql').set('authorization', `Bearer ${await sign()}`).expect(403);
    expect(scoped.body.errors[0].extensions.code).toBe('SCOPE_NOT_GRANTED');
    expect(scoped.text).not.toContain('type Query');
  });

  it('refuses a development token in production, though it is well signed', async () => {
    const { registry } = productionRegistry(['permits:read', 'schema:explore']);
    const token = await mintDevToken({ partnerId: 'demo-all' });
    await request(app('production', registry)).get('/schema.graphql').set('authorization', `Bearer ${token}`).expect(401);
  });
});

describe('the explorer page', () => {
  it('relaxes the policy on its own routes only as far as GraphiQL needs, and never on /graphql', async () => {
    const a = app('production', productionRegistry(['permits:read']).registry);
    for (const path of ['/', '/explorer']) {
      const csp = String((await request(a).get(path)).headers['content-security-policy']);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("worker-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toMatch(/unsafe-eval|blob:|https?:/);
    }
    const api = String((await request(a).post('/graphql')).headers['content-security-policy']);
    expect(api).not.toContain('worker-src');
    // helmet's default, not the page's `frame-ancestors 'none'`: the page policy stays on the page.
    expect(api).toContain("frame-ancestors 'self'");
  });
});
