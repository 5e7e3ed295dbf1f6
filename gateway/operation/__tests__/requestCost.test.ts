import { parse } from 'graphql';
import { apiSchema } from '../purpose/__tests__/apiSchema';
import { analyseOperation } from '../analyseOperation';
import { requestCost } from '../requestCost';

const schema = apiSchema();
const SH = '3101152024000123452';
const SZ = '3205082023000000017';

const costOf = (query: string, variables?: Record<string, unknown>) => requestCost(analyseOperation(schema, parse(query), undefined, variables));

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

  it('charges a field skipped by @skip too: its permits were named', () => {
    expect(costOf(`{ a: permit(id: "${SH}") { id } b: permit(id: "${SZ}") @skip(if: true) { id } }`)).toBe(2);
  });
});
