import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTEROP_SDL } from '../subgraphs/interop/interopSchema';
import { citySubgraphSdl } from '../subgraphs/city/citySchema';
import { CITIES } from '../subgraphs/cities';

/**
 * Writes each subgraph's SDL to `<dir>/<subgraph>.graphql` (default dist/schemas), the
 * files the gateway composes the supergraph from at start-up. Part of `npm run build`.
 */
export function writeSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    ['interop', INTEROP_SDL],
    ...CITIES.map((c): [string, string] => [c.subgraph, citySubgraphSdl(c.definition)]),
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
