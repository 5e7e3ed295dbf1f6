import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { SUBGRAPH_NAMES } from '../../../common/defaults';
import { composeSchemas } from '../../composeSupergraph';
import { noShadowingAliases } from '../noShadowingAliases';
import { apiSchema } from '../purpose/__tests__/apiSchema';

/* Over the composed schemas `npm run build` writes to dist/schemas. */

const { supergraphSdl } = composeSchemas(
  join(__dirname, '..', '..', '..', 'dist', 'schemas'),
  SUBGRAPH_NAMES.map((name) => ({ name, url: `http://${name}.invalid/graphql` })),
);
const schema = apiSchema();
const rule = noShadowingAliases(supergraphSdl);

function expectRefused(selection: string, alias: string): void {
  const errors = validate(schema, parse(`{ permit(id: "3101152022000001018") { ${selection} } }`), [rule]);
  expect(errors.map((e) => e.message)).toEqual([expect.stringContaining(`The alias "${alias}" names another field`)]);
}

it('refuses an alias named after an inaccessible key field the planner adds: decisionContext: issuer', () => {
  expectRefused('decisionContext: issuer', 'decisionContext');
});

it('refuses it inside a fragment on a city type too', () => {
  expectRefused('... on ShanghaiPermit { decisionContext: category }', 'decisionContext');
});

it('refuses an alias named after a visible field, and __typename', () => {
  expectRefused('id: validUntil', 'id');
  expectRefused('__typename: status', '__typename');
});

it('lets an alias through that names no field of the type', () => {
  expect(validate(schema, parse(/* GraphQL */ `{ permit(id: "3101152022000001018") { until: validUntil id } }`), [rule])).toEqual([]);
});
