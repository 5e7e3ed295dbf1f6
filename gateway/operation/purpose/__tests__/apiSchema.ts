import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES } from '../../../../common/defaults';

/**
 * The gateway's API schema, composed from the subgraph SDL that `npm run build` writes
 * to dist/schemas: what clients see (no `@inaccessible` fields, no join directives).
 */
export function apiSchema(schemaDir = join(__dirname, '..', '..', '..', '..', 'dist', 'schemas')): GraphQLSchema {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: parse(readFileSync(join(schemaDir, `${name}.graphql`), 'utf8')),
    })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}
