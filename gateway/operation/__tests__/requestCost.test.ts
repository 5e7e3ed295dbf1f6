import { parse, validate } from 'graphql';
import { apiSchema } from '../purpose/__tests__/apiSchema';
import { analyseOperation } from '../analyseOperation';
import { requestCost } from '../requestCost';

const schema = apiSchema();
const SH = '3101152024000123452';
const SZ = '3205082023000000017';

/** The cost of a query, which must be valid against the API schema (the analysis runs after validation). */
function costOf(query: string, variables?: Record<string, unknown>): number {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  return requestCost(analyseOperation(schema, document, undefined, variables));
}

describe('requestCost', () => {
  it('charges one unit for an operation that names no permit', () => {
    expect(costOf('{ regions { region } }')).toBe(1);
  });

  it('charges one unit per permit named by permit(id:) and each id of permits(ids:)', () => {
    expect(costOf(`{ permit(id: "${SH}") { id } }`)).toBe(1);
    expect(costOf('query ($ids: [ID!]!) { permits(ids: $ids) { id } }', { ids: [SH, SZ, SH] })).toBe(3);
  });

  it('counts every alias: 20 aliases of a 500-id batch cost 10,000 units', () => {
    const ids = Array.from({ length: 500 }, () => SH);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: permits(ids: $ids) { id }`).join(' ');
    expect(costOf(`query ($ids: [ID!]!) { ${aliases} }`, { ids })).toBe(10_000);
  });

  it('charges one unit per decision asked of recognise(requests:)', () => {
    const requests = [SH, SZ].map((permitId) => ({ permitId, host: 'HANGZHOU', service: 'SCHOOLING' }));
    expect(costOf('query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { permitId } }', { r: requests })).toBe(2);
  });

  it('counts every decision an item asks: 19 aliased recognition fields on each of 500 permits cost 9,500 units', () => {
    const ids = Array.from({ length: 500 }, () => SH);
    const decisions = Array.from({ length: 19 }, (_, i) => `r${i}: recognition(host: SUZHOU, service: SCHOOLING) { decision }`).join(' ');
    expect(costOf(`query ($ids: [ID!]!) { permits(ids: $ids) { id permit { ${decisions} } } }`, { ids })).toBe(9_500);
  });

  it('counts decisions in fragments as often as they are spread, and once per item without any', () => {
    const query = /* GraphQL */ `
      query ($ids: [ID!]!) { permits(ids: $ids) { permit { ...D ...D2 ... on ShanghaiPermit { x: recognition(host: ANHUI, service: SCHOOLING) { decision } } } } }
      fragment D on ResidencePermit { a: recognition(host: SUZHOU, service: SCHOOLING) { decision } }
      fragment D2 on ResidencePermit { ...D b: recognition(host: HANGZHOU, service: SCHOOLING) { decision } }
    `;
    expect(costOf(query, { ids: [SH, SZ] })).toBe(2 * 4);
    expect(costOf('query ($ids: [ID!]!) { permits(ids: $ids) { id permit { status } } }', { ids: [SH, SZ] })).toBe(2);
  });

  it('counts the recognition fields beside requestedRecognition of each recognise request', () => {
    const requests = [SH, SZ].map((permitId) => ({ permitId, host: 'HANGZHOU', service: 'SCHOOLING' }));
    const query = 'query ($r: [RecognitionRequest!]!) { recognise(requests: $r) { permit { requestedRecognition { decision } a: recognition(host: SUZHOU, service: SCHOOLING) { decision } } } }';
    expect(costOf(query, { r: requests })).toBe(4);
  });

  it('charges a field skipped by @skip too: its permits were named', () => {
    expect(costOf(`{ a: permit(id: "${SH}") { id } b: permit(id: "${SZ}") @skip(if: true) { id } }`)).toBe(2);
  });
});
