import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bundles every browser page under `<srcDir>/<page>/` (entry `main.ts` or `main.tsx`,
 * shell `index.html`) into `<outDir>/<page>/`: `main.js`, `main.css` when the page
 * imports styles, and every font, image or worker they load, each from the gateway's own
 * origin. Part of `npm run build`; the gateway serves the result (gateway/http/pages.ts).
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
    if (entry) {
      await build({
        entryPoints: { main: entry },
        bundle: true,
        minify: true,
        sourcemap: false,
        format: 'esm',
        target: 'es2022',
        outdir: to,
        // Assets get content-hashed names so they can be cached forever.
        assetNames: '[name]-[hash]',
        chunkNames: '[name]-[hash]',
        loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file', '.svg': 'file' },
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'warning',
      });
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
