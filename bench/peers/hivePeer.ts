import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/*
 * Hive Gateway is a peer the bench measures, never part of the gateway: its packages
 * (and their engine ranges, which warn on Node 20) stay out of the repository's install.
 * They have their own package.json and lockfile in bench/peers/ and are installed into
 * bench/peers/node_modules the first time `npm run bench` needs them (bench/README.md).
 */

/** bench/peers of the repository, whether this file runs from dist/bench/peers (the bench) or from bench/peers (a test). */
export const HIVE_PEER_DIR = resolve(__dirname.replace(/[\\/]dist([\\/]bench[\\/]peers)$/, '$1'));

const INSTALLED_MARKER = join(HIVE_PEER_DIR, 'node_modules', '@graphql-hive', 'gateway', 'package.json');

/** Installs the Hive peer from bench/peers/package-lock.json unless it is already there. */
export function ensureHivePeerInstalled(): void {
  if (existsSync(INSTALLED_MARKER)) return;
  console.log('installing the Hive Gateway peer into bench/peers/node_modules (first run only) …');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HIVE_PEER_DIR, stdio: 'inherit' });
}

/** A plugin hook of Hive Gateway this peer uses: rewrites the options of a subgraph fetch. */
export interface HiveFetchPlugin {
  onFetch(payload: {
    url: string;
    options: { headers?: unknown };
    setOptions(options: { headers: Record<string, string> }): void;
  }): Promise<void>;
}

/**
 * The part of @graphql-hive/gateway and @graphql-hive/router-runtime the peer uses, typed
 * here because the packages are not in the repository's install, so tsc cannot see them.
 */
export interface HivePackages {
  createGatewayRuntime(config: {
    supergraph: string;
    unifiedGraphHandler: unknown;
    plugins: () => HiveFetchPlugin[];
    logging: false;
    landingPage: false;
    graphiql: false;
  }): RequestListener & { dispose(): unknown };
  unifiedGraphHandler: unknown;
}

/** Loads the Hive packages from bench/peers/node_modules (their CommonJS builds). */
export function loadHivePackages(): HivePackages {
  if (!existsSync(INSTALLED_MARKER)) throw new Error('the Hive peer is not installed: run `npm run bench` (it installs it)');
  const requireFromPeers = createRequire(join(HIVE_PEER_DIR, 'package.json'));
  const gateway = requireFromPeers('@graphql-hive/gateway') as Pick<HivePackages, 'createGatewayRuntime'>;
  const runtime = requireFromPeers('@graphql-hive/router-runtime') as Pick<HivePackages, 'unifiedGraphHandler'>;
  return { createGatewayRuntime: gateway.createGatewayRuntime, unifiedGraphHandler: runtime.unifiedGraphHandler };
}
