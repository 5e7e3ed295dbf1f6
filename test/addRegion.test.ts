import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { parse } from 'graphql';
import request from 'supertest';
import { formatPermitNumber } from '../common/permitNumber';
import { routingResolversFor } from '../common/permitRouting';
import { REGION_CATALOGUE, type RegionEntry } from '../common/regions';
import { composeSchemas } from '../gateway/composeSupergraph';
import { HealthHistory } from '../gateway/http/healthHistory';
import { PURPOSES } from '../common/services';
import { buildFieldPolicy, isFieldAllowed } from '../gateway/operation/purpose/fieldPolicy';
import { localRouting, routingSchema } from '../gateway/transport/localRouting';
import type { SubgraphRequest } from '../gateway/transport/Send';
import { writeSchemas } from '../scripts/writeSchemas';
import { GraphQLDataSourceRequestKind } from '../common/apolloInternals';
import { interopSdl } from '../subgraphs/interop/interopSchema';

/*
 * docs/adding-a-region.md, followed by a test: a fifth region is one more catalogue
 * entry, and composition, routing, the field policy and the status page's names pick it
 * up with no other edit (the functions take the catalogue; the real one is the default).
 */

const NANJING: RegionEntry = {
  region: 'NANJING',
  nameZh: '南京市',
  nameEn: 'Nanjing',
  shortNameZh: '南京',
  issuingCodePrefixes: ['3201'],
  permitTypename: 'NanjingPermit',
  subgraph: 'nanjing',
  port: 4006,
  keyIdPrefix: 'NJ',
  localTypesSdl: '',
  localFieldsSdl: /* GraphQL */ `
    "居住区县 — District of residence, e.g. 玄武区."
    district: String!
  `,
  localFieldAudience: { district: ['SCHOOLING'] },
};
const CATALOGUE = [...REGION_CATALOGUE, NANJING];
const NANJING_PERMIT = formatPermitNumber('320102', 2024, 7);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yrd-nanjing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('composes a supergraph with the new region: its enum value, permit type and subgraph', () => {
  writeSchemas(dir, CATALOGUE);
  const names = ['interop', ...CATALOGUE.map((e) => e.subgraph)];
  const { apiSdl, supergraphSdl } = composeSchemas(dir, names.map((name) => ({ name, url: `http://${name}.invalid/graphql` })));
  expect(apiSdl).toMatch(/enum Region \{[\s\S]*南京市 — Nanjing \(issuing codes 3201xx\)[\s\S]*NANJING\n\}/);
  expect(apiSdl).toMatch(/type NanjingPermit implements ResidencePermit \{[\s\S]*district: String!/);
  expect(supergraphSdl).toContain('NANJING @join__graph(name: "nanjing", url: "http://nanjing.invalid/graphql")');
  // Every city shares the catalogue's Region enum; the real catalogue's schemas stay as they were.
  expect(readFileSync(join(dir, 'shanghai.graphql'), 'utf8')).toContain('NANJING');
  expect(interopSdl()).not.toContain('NANJING');
});

it('routes the new region’s permit numbers to its permit type, in the gateway as in the hub', async () => {
  const resolvers = routingResolversFor(CATALOGUE);
  expect(resolvers.permit(null, { id: NANJING_PERMIT })).toEqual({ __typename: 'NanjingPermit', id: NANJING_PERMIT, decisionContext: null });
  // The real catalogue does not know Nanjing: the same number is an unconnected issuer.
  expect(() => routingResolversFor(REGION_CATALOGUE).permit(null, { id: NANJING_PERMIT })).toThrow(/UNKNOWN_ISSUER|not a connected region/);

  const query = `query Q__interop__0($id:ID!){permit(id:$id){__typename id}}`;
  const sent: SubgraphRequest[] = [];
  const routed = localRouting(async (r) => {
    sent.push(r);
    return {};
  }, routingSchema(interopSdl(CATALOGUE), resolvers));
  const answer = await routed({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables: { id: NANJING_PERMIT } },
    document: parse(query),
    context: {},
    incomingRequestContext: {} as never,
  });
  expect(sent).toHaveLength(0);
  expect(JSON.parse(JSON.stringify(answer))).toEqual({ data: { permit: { __typename: 'NanjingPermit', id: NANJING_PERMIT } } });
});

it('governs the new region’s local fields by its own entry, deny by default', () => {
  const policy = buildFieldPolicy(PURPOSES, CATALOGUE);
  expect(isFieldAllowed('NanjingPermit.district', 'SCHOOLING', policy)).toBe(true);
  expect(isFieldAllowed('NanjingPermit.district', 'MEDICAL_BILLING', policy)).toBe(false);
  expect(isFieldAllowed('NanjingPermit.points', 'SCHOOLING', policy)).toBe(false);
  // The other regions' rows are the same as under the real catalogue.
  expect({ ...policy, NanjingPermit: undefined }).toEqual({ ...buildFieldPolicy(), NanjingPermit: undefined });
});

it('serves the status page the new region’s names, which the page does not hard-code', async () => {
  const history = new HealthHistory([], undefined, { replica: 'gw-test', regions: CATALOGUE });
  const app = express().use(history.routes());
  try {
    const res = await request(app).get('/health/history').expect(200);
    expect(res.body.names).toMatchObject({ nanjing: { zh: '南京', en: 'Nanjing' }, shanghai: { zh: '上海', en: 'Shanghai' }, interop: { zh: '互认中枢', en: 'Interop hub' } });
  } finally {
    history.stop();
  }
  const page = readFileSync(join(__dirname, '..', 'pages', 'status', 'main.ts'), 'utf8');
  for (const entry of REGION_CATALOGUE) {
    expect(page).not.toContain(entry.shortNameZh);
    expect(page).not.toContain(entry.nameEn);
  }
});
