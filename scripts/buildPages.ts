import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What every bundle of every page shares. */
const COMMON: BuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'es2022',
  // Assets get content-hashed names so they can be cached forever.
  assetNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

/**
 * Bundles every browser page under `<srcDir>/<page>/` (entry `main.ts` or `main.tsx`,
 * shell `index.html`) into `<outDir>/<page>/`: `main.js`, `main.css` when the page
 * imports styles, and every font or image they load, each from the gateway's own
 * origin. Each `<name>.worker.ts` beside the entry is bundled on its own into
 * `<name>.worker.js` (a classic script, so `new Worker(url)` loads it under
 * `worker-src 'self'` without `blob:`). Part of `npm run build`; the gateway serves the
 * result (gateway/http/pages.ts).
 */
export async function buildPages(srcDir: string, outDir: string): Promise<string[]> {
  const pages = readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(srcDir, d.name, 'index.html')))
    .map((d) => d.name);
  for (const page of pages) {
    const from = join(srcDir, page);
    const to = join(outDir, page);
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    const entry = ['main.tsx', 'main.ts'].map((f) => join(from, f)).find(existsSync);
    if (entry) await build({ ...COMMON, entryPoints: { main: entry }, format: 'esm', outdir: to });
    const workers = readdirSync(from).filter((f) => f.endsWith('.worker.ts'));
    if (workers.length > 0) {
      const entryPoints = Object.fromEntries(workers.map((f) => [f.replace(/\.ts$/, ''), join(from, f)]));
      await build({ ...COMMON, entryPoints, format: 'iife', outdir: to });
    }
    copyFileSync(join(from, 'index.html'), join(to, 'index.html'));
  }
  return pages;
}

if (require.main === module) {
  buildPages(process.argv[2] ?? 'pages', process.argv[3] ?? 'dist/pages').then(
    (pages) => console.log(`built ${pages.length} pages: ${pages.join(', ')}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
