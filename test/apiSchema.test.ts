import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { API_SCHEMA_FILE, composeFromCode } from '../scripts/publishSchema';

/* The public API schema as partners see it: composed from the code, federation internals removed. */

let dir: string;
let apiSdl: string;
let schema: GraphQLSchema;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-api-schema-'));
  apiSdl = composeFromCode(dir).apiSdl;
  schema = buildSchema(apiSdl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every element of the public API a partner can read a description of, by coordinate. */
function describedElements(s: GraphQLSchema): Array<[string, string | null | undefined]> {
  const out: Array<[string, string | null | undefined]> = [];
  for (const type of Object.values(s.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    out.push([type.name, type.description]);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        out.push([`${type.name}.${field.name}`, field.description]);
        for (const arg of 'args' in field ? field.args : []) out.push([`${type.name}.${field.name}(${arg.name}:)`, arg.description]);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) out.push([`${type.name}.${value.name}`, value.description]);
  }
  for (const directive of s.getDirectives().filter((d) => !isSpecifiedDirective(d))) {
    out.push([`@${directive.name}`, directive.description]);
    for (const arg of directive.args) out.push([`@${directive.name}(${arg.name}:)`, arg.description]);
  }
  return out;
}

/** Chinese and English: at least one Han character and one Latin word. */
const bilingual = (d: string | null | undefined) => !!d && /\p{Script=Han}/u.test(d) && /[A-Za-z]{2,}/.test(d);

it('describes every type, field, argument and enum value of the public API in Chinese and English', () => {
  const elements = describedElements(schema);
  expect(elements.length).toBeGreaterThan(100);
  const missing = elements.filter(([, d]) => !bilingual(d)).map(([coordinate, d]) => `${coordinate}: ${JSON.stringify(d ?? null)}`);
  expect(missing).toEqual([]);
});

it('leaves federation internals out of the public API', () => {
  expect(apiSdl).not.toMatch(/join__|link__|@link|_Entity|_Any|_service|decisionContext|@inaccessible/);
});

it('matches the committed schema/api.graphql (run `npm run schema` after a schema change)', () => {
  expect(readFileSync(API_SCHEMA_FILE, 'utf8')).toBe(apiSdl);
});
