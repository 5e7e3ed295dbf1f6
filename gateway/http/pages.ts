import express, { Router } from 'express';
import helmet from 'helmet';
import { basename, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/**
 * Where `npm run build` puts the bundled pages (scripts/buildPages.ts): dist/pages, found
 * from this module whether it runs compiled (dist/gateway/http) or from source (jest).
 */
export const PAGES_DIR = basename(ROOT) === 'dist' ? join(ROOT, 'pages') : join(ROOT, 'dist', 'pages');

type CspDirectives = Record<string, string[]>;

/**
 * The policy every page starts from: everything from our own origin, nothing inline,
 * no frames, no plugins. A page relaxes it only as far as it needs (`relax`), and only
 * on its own routes; `/graphql` keeps helmet's default.
 */
const PAGE_CSP: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export interface PageOptions {
  /** The page's folder under {@link PAGES_DIR}, also its asset prefix `/assets/<name>/`. */
  name: string;
  /** Routes that answer the page's HTML, e.g. `['/', '/explorer']`. */
  paths: string[];
  /** Directives replacing the page defaults, e.g. `{ 'worker-src': ["'self'", 'blob:'] }`. */
  relax?: CspDirectives;
  /** Bundled pages folder; tests point it elsewhere. Default {@link PAGES_DIR}. */
  dir?: string;
}

/**
 * Serves one bundled page: its HTML at `paths` (never cached, so a new build shows at
 * once) and its assets under `/assets/<name>/` (content-hashed names cached a day), all
 * under the page's own Content-Security-Policy.
 */
export function pageRoutes({ name, paths, relax = {}, dir = PAGES_DIR }: PageOptions): Router {
  const root = join(dir, name);
  const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...PAGE_CSP, ...relax } });
  const router = Router();
  router.get(paths, csp, (_req, res) => {
    res.set('Cache-Control', 'no-store').sendFile(join(root, 'index.html'));
  });
  router.use(`/assets/${name}`, csp, express.static(root, { index: false, maxAge: '1d', fallthrough: true }));
  return router;
}
