import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/*
 * The production install is what `npm ci --omit=dev` puts in the runtime image
 * (Dockerfile): these tests hold it to what production runs. The tree comes from the
 * lockfile alone (`npm ls --package-lock-only`: offline, nothing installed), and what
 * production runs is the import graph of the built services, dist/gateway/main.js and
 * dist/subgraphs/<name>/main.js (`npm run build` first, as for the process tests).
 */

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

/** Where our TypeScript lives (bench/peers/node_modules, the bench's own install, is skipped). */
const SOURCE_FOLDERS = ['gateway', 'common', 'subgraphs', 'mocks', 'scripts', 'bench', 'pages', 'test'];

/** Build-time and bench-only packages a production install must not carry. */
const NOT_IN_PRODUCTION = ['react', 'react-dom', 'monaco-editor', 'graphiql', '@graphiql/react', '@graphql-hive/gateway', '@graphql-hive/router-runtime'];

/** Package folders (relative to the repository, e.g. `node_modules/@apollo/gateway`) of `npm ci --omit=dev`. */
function productionTree(): Set<string> {
  const out = execFileSync('npm', ['ls', '--package-lock-only', '--omit=dev', '--all', '--parseable', '--offline'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return new Set(
    out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => relative(ROOT, line).split(sep).join('/'))
      .filter((folder) => folder !== ''),
  );
}

/** The entry points production starts: the gateway and every subgraph. */
function productionEntries(): string[] {
  const subgraphs = readdirSync(join(DIST, 'subgraphs'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(DIST, 'subgraphs', d.name, 'main.js')))
    .map((d) => join(DIST, 'subgraphs', d.name, 'main.js'));
  return [join(DIST, 'gateway', 'main.js'), ...subgraphs];
}

/** The package folder a resolved file lives in: the last `node_modules/<name>` or `node_modules/@scope/name`. */
function packageFolderOf(file: string): string {
  const parts = relative(ROOT, file).split(sep);
  const at = parts.lastIndexOf('node_modules');
  const name = parts[at + 1]!.startsWith('@') ? 2 : 1;
  return parts.slice(0, at + 1 + name).join('/');
}

/**
 * Every npm package the built files reach from `entries`, following our own files (tsc's
 * CommonJS output: `require("…")`, type-only imports are gone) and stopping at packages:
 * their own dependencies are production by the lockfile's reckoning. Keyed by the package
 * folder each resolves to, with a file that requires it.
 */
function packagesReached(entries: readonly string[]): Map<string, string> {
  const reached = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue; // JSON read through require
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (specifier!.startsWith('node:') || builtinModules.includes(specifier!)) continue;
      const resolved = require.resolve(specifier!, { paths: [dirname(file)] });
      if (resolved.includes(`${sep}node_modules${sep}`)) reached.set(packageFolderOf(resolved), relative(ROOT, file));
      else queue.push(resolved);
    }
  }
  return reached;
}

const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The npm packages our sources import (static `import`/`export … from`, types included), by package name. */
function importedPackages(): Set<string> {
  const imported = new Set<string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/\.tsx?$/.test(entry.name)) {
        for (const [, specifier] of readFileSync(path, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+'([^'.][^']*)'/g)) {
          if (specifier!.startsWith('node:')) continue;
          const parts = specifier!.split('/');
          imported.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
        }
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(join(ROOT, folder));
  return imported;
}

describe('the production install (npm ci --omit=dev)', () => {
  const tree = productionTree();

  it('carries no build-time or bench-only package (React, GraphiQL, Monaco, Hive)', () => {
    const carried = NOT_IN_PRODUCTION.filter((name) => tree.has(`node_modules/${name}`));
    expect(carried).toEqual([]);
    // Not hoisted under another package either.
    const nested = [...tree].filter((folder) => NOT_IN_PRODUCTION.some((name) => folder.endsWith(`/node_modules/${name}`)));
    expect(nested).toEqual([]);
  });

  it('holds every package the gateway and the subgraphs load at run time', () => {
    if (!existsSync(join(DIST, 'gateway', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    const entries = productionEntries();
    expect(entries.length).toBeGreaterThan(1);
    const reached = packagesReached(entries);
    // The services do load npm packages (else the walk found nothing).
    expect(reached.has('node_modules/@apollo/gateway')).toBe(true);
    expect(reached.has('node_modules/graphql')).toBe(true);
    const missing = [...reached].filter(([folder]) => !tree.has(folder)).map(([folder, from]) => `${folder} (required by ${from})`);
    expect(missing).toEqual([]);
  });

  it('declares every package our code imports, none only through another package', () => {
    const declared = new Set([...Object.keys(MANIFEST.dependencies), ...Object.keys(MANIFEST.devDependencies)]);
    const imported = importedPackages();
    expect(imported.has('graphql')).toBe(true);
    expect([...imported].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });

  it('declares as a production dependency only what our code imports', () => {
    const imported = importedPackages();
    expect(Object.keys(MANIFEST.dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });

  it('installs on this Node without an EBADENGINE warning (npm ci, dry run from the lockfile, offline)', () => {
    // A folder of its own holding only the manifest and the lockfile: nothing is installed.
    const dir = mkdtempSync(join(tmpdir(), 'lean-install-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(dir, file));
      // npm prints its warnings on stderr.
      const run = spawnSync('npm', ['ci', '--dry-run', '--offline', '--no-audit', '--no-fund', '--loglevel', 'warn'], { cwd: dir, encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(`${run.stdout}${run.stderr}`.split('\n').filter((line) => line.includes('EBADENGINE'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
