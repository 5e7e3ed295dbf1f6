import { REGIONS, type Region } from '../common/regions';
import { HOT_SET, mixed, type PermitPool } from './scenarios';

/*
 * The scenarios of `npm run bench` (bench/compare.ts), each run against ours and the
 * peers with the same request bodies. Operation names are the same for every target, so
 * no target gets a query another has not.
 */

/** One scenario of the side-by-side run. */
export interface Comparison {
  name: string;
  /** What the figure answers, one sentence (LATEST.md). */
  measures: string;
  /** The measured partner's request bodies, sent in rotation. */
  bodies(pool: PermitPool): string[];
  /** True when a response body is what a correct gateway answers here (else a "bad body"). */
  expectBody(body: string): boolean;
  /** Bodies for the city subgraph directly (the floor): the same permits as `_entities`; none when no floor applies. */
  floorBodies?(pool: PermitPool): string[];
  /**
   * A fault put on one city for the scenario (`POST /__faults`); ours is measured once its
   * breaker of that city is open. `region` is the faulted city's: what a target answers for
   * its permits (an error, nothing, or a stale entry served with `extensions.stale`) is
   * left out of the correctness comparison, which holds the other regions' answers alike.
   */
  fault?: { subgraph: string; region: Region; faults: { down?: boolean; hang?: boolean } };
  /** Another partner flooding these bodies at the same time, unmeasured. */
  flood?(pool: PermitPool): string[];
  /** Run with `--full` (or named in `--only`) only, to keep the default run under 5 minutes. */
  fullOnly?: boolean;
}

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
const clean = (b: string) => !b.includes('"errors"') && !b.includes('"error":{');
const count = (b: string, needle: string) => b.split(needle).length - 1;

const PERMIT_FIELDS = 'id issuer status validFrom validUntil holder { name idNumber }';
const LOOKUP = `query BenchLookup($id: ID!) { permit(id: $id) { __typename ${PERMIT_FIELDS} } }`;
const BATCH = `query BenchBatch($ids: [ID!]!) { permits(ids: $ids) { id error { code } permit { __typename id issuer status validUntil } } }`;
const DECIDE = /* GraphQL */ `query BenchDecide($id: ID!) {
  permit(id: $id) { id recognition(host: SUZHOU, service: MEDICAL_BILLING) { decision policyVersion decidedAt reasons { code observed required } verification { signatureValid issuerTrusted } } } }`;
const RECOGNISE = /* GraphQL */ `query BenchRecognise($requests: [RecognitionRequest!]!) {
  recognise(requests: $requests) { permitId host service error { code } permit { id requestedRecognition { decision reasons { code } } } } }`;
/** The same record straight from the Shanghai subgraph: what the gateway's city fetch costs there. */
const FLOOR = `query BenchFloor($r: [_Any!]!) { _entities(representations: $r) { ... on ShanghaiPermit { ${PERMIT_FIELDS} } } }`;

const lookups = (ids: readonly string[]) => ids.map((id) => body(LOOKUP, { id }));
const floor = (ids: readonly string[]) => ids.map((id) => body(FLOOR, { r: [{ __typename: 'ShanghaiPermit', id }] }));
const isShanghaiPermit = (b: string) => clean(b) && b.includes('"permit":{"__typename":"ShanghaiPermit"');
/** Rotating batches of 100 (25 a region), a different 100 each request. */
const rotatingBatches = (pool: PermitPool) => Array.from({ length: 40 }, (_, i) => body(BATCH, { ids: mixed(pool, 100, 100 + i * 25) }));

export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'lookup-rotating',
    measures: 'permit(id:) of Shanghai permits, rotating over 4 960 ids (a cache rarely helps).',
    bodies: (pool) => lookups(pool.SHANGHAI),
    floorBodies: (pool) => floor(pool.SHANGHAI),
    expectBody: isShanghaiPermit,
  },
  {
    name: 'lookup-id-only',
    measures:
      'permit(id:) { id } of Shanghai permits, rotating: existence is confirmed by the city (ours fetches the record, or finds it cached; a peer answers the hub\'s routing stub and would say yes to an unregistered number).',
    bodies: (pool) => pool.SHANGHAI.slice(2000).map((id) => body(`query BenchIdOnly($id: ID!) { permit(id: $id) { id } }`, { id })),
    expectBody: (b) => clean(b) && b.includes('"permit":{"id":"'),
    fullOnly: true,
  },
  {
    name: 'lookup-hot',
    measures: `permit(id:) over a hot set of ${HOT_SET} Shanghai ids (what an entity cache is for).`,
    bodies: (pool) => lookups(pool.SHANGHAI.slice(0, HOT_SET)),
    floorBodies: (pool) => floor(pool.SHANGHAI.slice(0, HOT_SET)),
    expectBody: isShanghaiPermit,
  },
  {
    name: 'batch-100',
    measures: 'permits(ids:) of 100 ids, 25 of each region, a different 100 each request.',
    bodies: rotatingBatches,
    expectBody: (b) => clean(b) && count(b, '"issuer":"') === 100,
  },
  {
    name: 'recognition',
    measures: 'recognition(host: SUZHOU, service: MEDICAL_BILLING) of one Shanghai permit of a hot set of 20: city record under @requires, then the hub decides.',
    bodies: (pool) => pool.SHANGHAI.slice(200, 200 + HOT_SET).map((id) => body(DECIDE, { id })),
    expectBody: (b) => clean(b) && b.includes('"decision":"'),
  },
  {
    name: 'recognise-100',
    measures: 'recognise(requests:) of 100 MEDICAL_BILLING requests, 25 permits of each region, hosts rotating.',
    bodies: (pool) => [
      body(RECOGNISE, { requests: mixed(pool, 100, 300).map((permitId, i) => ({ permitId, host: REGIONS[(i + 1) % REGIONS.length], service: 'MEDICAL_BILLING' })) }),
    ],
    expectBody: (b) => clean(b) && count(b, '"decision":"') === 100,
  },
  {
    name: 'region-down',
    measures: 'permit(id:) of Hangzhou permits while Hangzhou answers 503; ours measured with its Hangzhou breaker open.',
    bodies: (pool) => lookups(pool.HANGZHOU.slice(0, 500)),
    expectBody: (b) => b.includes('"errors"') && b.includes('"permit":null'),
    fault: { subgraph: 'hangzhou', region: 'HANGZHOU', faults: { down: true } },
  },
  {
    name: 'region-hung',
    measures: 'permits(ids:) of one permit per region while Anhui accepts and never answers; ours with the production 3 s timeout, measured once its Anhui breaker is open.',
    bodies: (pool) => [body(BATCH, { ids: mixed(pool, 4, 700) })],
    // Anhui's item is an error, or (cache on) its entry served stale-if-error and reported in extensions.stale.
    expectBody: (b) => (b.includes('"errors"') || b.includes('"stale":[')) && ['SHANGHAI', 'SUZHOU', 'HANGZHOU'].every((r) => b.includes(`"issuer":"${r}"`)),
    fault: { subgraph: 'anhui', region: 'ANHUI', faults: { hang: true } },
  },
  {
    name: 'hostile-flood',
    measures: 'permit(id:) of one partner (rotating Shanghai ids) while another partner floods rotating 100-batches on as many connections.',
    bodies: (pool) => lookups(pool.SHANGHAI.slice(1000)),
    expectBody: isShanghaiPermit,
    flood: rotatingBatches,
  },
];
