import express from 'express';
import helmet from 'helmet';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { pageRoutes } from '../gateway/http/pages';
import { buildPages } from '../scripts/buildPages';

describe('bundled pages', () => {
  let dir: string;
  let app: express.Express;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yrd-pages-'));
    const src = join(dir, 'src', 'demo');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.html'), '<!doctype html><link rel="stylesheet" href="/assets/demo/main.css"><script type="module" src="/assets/demo/main.js"></script>');
    writeFileSync(join(src, 'style.css'), 'body { color: rebeccapurple; }');
    writeFileSync(join(src, 'main.ts'), "import './style.css';\nexport const greeting: string = 'ni hao';\ndocument.title = greeting;\n");
    writeFileSync(join(src, 'shout.ts'), "export const shout = (s: string): string => s.toUpperCase();\n");
    writeFileSync(join(src, 'echo.worker.ts'), "import { shout } from './shout';\nself.onmessage = (e: MessageEvent<string>) => self.postMessage(shout(e.data));\n");
    await buildPages(join(dir, 'src'), join(dir, 'out'));
    app = express();
    app.use(helmet());
    app.use(pageRoutes({ name: 'demo', paths: ['/', '/demo'], relax: { 'worker-src': ["'self'", 'blob:'] }, dir: join(dir, 'out') }));
    app.get('/graphql', (_req, res) => res.send('api'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles the entry and its styles into the page folder, types stripped', async () => {
    const js = await request(app).get('/assets/demo/main.js').expect(200);
    expect(js.text).toContain('ni hao');
    expect(js.text).not.toContain(': string');
    const css = await request(app).get('/assets/demo/main.css').expect(200);
    expect(css.text).toContain('color');
  });

  it('bundles each *.worker.ts on its own, as a classic script with its imports inlined', async () => {
    const worker = await request(app).get('/assets/demo/echo.worker.js').expect(200);
    expect(worker.text).toContain('toUpperCase');
    expect(worker.text).not.toMatch(/\bimport\b|\bexport\b/);
    expect(worker.text).not.toContain('ni hao');
    const main = await request(app).get('/assets/demo/main.js').expect(200);
    expect(main.text).not.toContain('toUpperCase');
  });

  it('serves the page at each of its paths under its own policy, uncached', async () => {
    for (const path of ['/', '/demo']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).toContain('/assets/demo/main.js');
      expect(res.headers['cache-control']).toBe('no-store');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https:|unsafe-eval/);
    }
  });

  it("keeps the relaxed policy off every other route", async () => {
    const res = await request(app).get('/graphql').expect(200);
    expect(String(res.headers['content-security-policy'])).not.toContain('blob:');
  });

  it('serves nothing outside the page folder', async () => {
    await request(app).get('/assets/demo/..%2f..%2fsrc%2fdemo%2fmain.ts').expect(404);
    await request(app).get('/assets/demo/main.ts').expect(404);
  });
});
