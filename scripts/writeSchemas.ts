import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_CATALOGUE, type RegionCatalogue } from '../common/regions';
import { interopSdl } from '../subgraphs/interop/interopSchema';
import { citySubgraphSdl } from '../subgraphs/city/citySchema';
import { cities } from '../subgraphs/cities';

/**
 * Writes each subgraph's SDL to `<dir>/<subgraph>.graphql` (default dist/schemas), the
 * files the gateway composes the supergraph from at start-up. Part of `npm run build`.
 * One city per entry of `catalogue`: the real one unless a test passes its own.
 */
export function writeSchemas(dir: string, catalogue: RegionCatalogue = REGION_CATALOGUE): string[] {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['interop', interopSdl(catalogue)],
    ...cities(catalogue).map((c): [string, string] => [c.subgraph, citySubgraphSdl(c.definition, catalogue)]),
  ];
  return files.map(([name, sdl]) => {
    const file = join(dir, `${name}.graphql`);
    writeFileSync(file, sdl.trim() + '\n');
    return file;
  });
}

if (require.main === module) {
  const written = writeSchemas(process.argv[2] ?? 'dist/schemas');
  console.log(`wrote ${written.length} subgraph schemas: ${written.join(', ')}`);
}
