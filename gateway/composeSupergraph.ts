import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/**
 * Composes the supergraph from the subgraphs' own SDL files, never by introspecting
 * live subgraphs: the gateway starts and serves the other regions while one is down.
 */
export function composeSupergraph(schemaDir: string, subgraphs: ReadonlyArray<{ name: string; url: string }>): string {
  const services = subgraphs.map(({ name, url }) => ({
    name,
    url,
    typeDefs: parse(readFileSync(join(schemaDir, `${name}.graphql`), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
