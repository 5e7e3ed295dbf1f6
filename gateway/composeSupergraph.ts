import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

/** What composition yields: the supergraph the gateway plans with, and the API partners see. */
export interface ComposedSchemas {
  supergraphSdl: string;
  /**
   * The public API schema: the supergraph without federation's internals (join, link,
   * `@inaccessible` elements), with every description — what introspection answers,
   * `GET /schema.graphql` serves and `schema/api.graphql` holds.
   */
  apiSdl: string;
}

/**
 * Composes the supergraph from the subgraphs' own SDL files, never by introspecting
 * live subgraphs: the gateway starts and serves the other regions while one is down.
 */
export function composeSchemas(schemaDir: string, subgraphs: ReadonlyArray<{ name: string; url: string }>): ComposedSchemas {
  const services = subgraphs.map(({ name, url }) => ({
    name,
    url,
    typeDefs: parse(readFileSync(join(schemaDir, `${name}.graphql`), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  ${e.message}`).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()) + '\n' };
}
