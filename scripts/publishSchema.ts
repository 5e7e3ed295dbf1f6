import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SUBGRAPH_NAMES, localSubgraphUrl } from '../common/defaults';
import { composeSchemas, type ComposedSchemas } from '../gateway/composeSupergraph';
import { writeSchemas } from './writeSchemas';

/** The committed public API SDL: every schema change shows as a diff of this file in review. */
export const API_SCHEMA_FILE = join(__dirname, '..', ...(__dirname.endsWith(join('dist', 'scripts')) ? ['..'] : []), 'schema', 'api.graphql');

/**
 * Composes what the code defines: writes each subgraph's SDL into `schemaDir` (as
 * `npm run build` does) and composes them as the gateway does at start-up, with the
 * subgraphs at their local development URLs (the only place URLs show is the supergraph).
 */
export function composeFromCode(schemaDir: string): ComposedSchemas {
  writeSchemas(schemaDir);
  return composeSchemas(schemaDir, SUBGRAPH_NAMES.map((name) => ({ name, url: localSubgraphUrl(name) })));
}

/**
 * `npm run schema`: writes the public API SDL to schema/api.graphql (committed; a test
 * fails when it differs from what the code composes) and the supergraph, with local
 * URLs, to dist/supergraph.graphql.
 */
export function publishSchema(distDir: string): { apiFile: string; supergraphFile: string } {
  const { supergraphSdl, apiSdl } = composeFromCode(join(distDir, 'schemas'));
  mkdirSync(dirname(API_SCHEMA_FILE), { recursive: true });
  writeFileSync(API_SCHEMA_FILE, apiSdl);
  const supergraphFile = join(distDir, 'supergraph.graphql');
  writeFileSync(supergraphFile, supergraphSdl);
  return { apiFile: API_SCHEMA_FILE, supergraphFile };
}

if (require.main === module) {
  const { apiFile, supergraphFile } = publishSchema(process.argv[2] ?? 'dist');
  console.log(`wrote the public API schema to ${apiFile} and the supergraph to ${supergraphFile}`);
}
