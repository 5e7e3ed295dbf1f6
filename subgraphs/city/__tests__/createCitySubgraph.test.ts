import request from 'supertest';
import { DEFAULTS } from '../../../common/defaults';
import { gatewayPublicKey } from '../../../common/gatewayCredential';
import { createLogger } from '../../../common/logger';
import type { PermitRegistry } from '../../../common/permitRegistry';
import { formatPermitNumber } from '../../../common/permitNumber';
import { REGION_INFO } from '../../../common/regions';
import { generateRegistry } from '../../../mocks/generate';
import { createMockRegistry } from '../../../mocks/mockRegistry';
import { CITIES } from '../../cities';
import { createCitySubgraph } from '../createCitySubgraph';
import type { HttpService } from '../../../common/httpService';
import { gatewayCredential } from '../../../test/support/gatewayCredential';

/* One `_service` / `_entities` contract, run for every city. */

const LOCAL_FIELDS: Record<string, string[]> = {
  SHANGHAI: ['category', 'points'],
  SUZHOU: ['points', 'district'],
  HANGZHOU: ['points', 'district'],
  ANHUI: ['issuingCityCode', 'issuingCityName'],
};

describe.each(CITIES.map((c) => [c.subgraph, c.definition] as const))('city subgraph %s', (_name, city) => {
  const info = REGION_INFO[city.region];
  const size = 200;
  const known = generateRegistry(city.region, { size }).slice(20, 23);
  let service: HttpService;
  let registryCalls: number[];
  let authorization: string;

  beforeAll(async () => {
    const registry = createMockRegistry(city.region, { size });
    registryCalls = [];
    const counting: PermitRegistry = {
      getMany: (ids) => {
        registryCalls.push(ids.length);
        return registry.getMany(ids);
      },
      close: () => registry.close(),
    };
    service = await createCitySubgraph({
      city,
      registry: counting,
      logger: createLogger('test', 'silent'),
      gatewayPublicKey: gatewayPublicKey(DEFAULTS.developmentOnlyGatewayPublicKey),
    });
    authorization = await gatewayCredential(info.subgraph);
  });
  afterAll(() => service.stop());
  beforeEach(() => registryCalls.splice(0));

  const post = (query: string, variables?: Record<string, unknown>) =>
    request(service.handler)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', authorization)
      .send({ query, variables });

  it('publishes its SDL with the permit entity keyed by id and its local fields', async () => {
    const res = await post('{ _service { sdl } }');
    const sdl: string = res.body.data._service.sdl;
    expect(sdl).toMatch(new RegExp(`type ${info.permitTypename}\\s+@key\\(fields: "id"\\)`));
    for (const field of LOCAL_FIELDS[city.region]!) expect(sdl).toMatch(new RegExp(`\\b${field}:`));
  });

  it('resolves a batch of references in order with one registry call, unknown ids as PERMIT_NOT_FOUND', async () => {
    const unknown = formatPermitNumber(known[0]!.id.slice(0, 6), 2025, 99_999_999);
    const ids = [known[2]!.id, unknown, known[0]!.id, known[1]!.id];
    const res = await post(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${info.permitTypename} { id issuer status signature { keyId } ${LOCAL_FIELDS[city.region]!.join(' ')} } } }`,
      { r: ids.map((id) => ({ __typename: info.permitTypename, id })) },
    );
    const entities = res.body.data._entities as Array<Record<string, unknown> | null>;
    expect(entities.map((e) => e?.id ?? null)).toEqual([ids[0], null, ids[2], ids[3]]);
    expect(entities[0]).toMatchObject({ issuer: city.region });
    for (const field of LOCAL_FIELDS[city.region]!) expect(entities[0]![field]).toEqual(expect.anything());
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'PERMIT_NOT_FOUND', region: city.region }) }),
    ]);
    expect(registryCalls).toEqual([4]);
  });

  it('never returns an unmasked holder', async () => {
    const res = await post(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${info.permitTypename} { holder { name idNumber } dependants { name } } } }`,
      { r: known.map((p) => ({ __typename: info.permitTypename, id: p.id })) },
    );
    for (const e of res.body.data._entities as Array<{ holder: { name: string; idNumber: string }; dependants: Array<{ name: string }> }>) {
      expect(e.holder.idNumber).toMatch(/^\*{14}\d{3}[\dX]$/);
      expect(e.holder.name).toMatch(/^[^*]\*\*$/u);
      for (const d of e.dependants) expect(d.name).toMatch(/^[^*]\*\*$/u);
    }
  });
});
