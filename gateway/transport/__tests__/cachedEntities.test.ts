import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { memoryEntityCache, type EntityCache } from '../cache/entityCache';
import { cachedEntities } from '../cachedEntities';
import { representationsOf, type Representation, type Send, type SubgraphRequest } from '../Send';
import type { StaleNote } from '../StaleReport';
import { RegionFailure } from '../transportError';
import { permit, subgraphRequest } from './support';

const TTL_MS = 60_000;
const STALE_MS = 300_000;
const DECISION_MAX_AGE_MS = 5_000;

/** A `Send` answering each representation with `{ id, status }`, or failing while `down`. */
function region() {
  const sent: string[][] = [];
  const state = { down: false };
  const send: Send = async (request) => {
    const reps = representationsOf(request) ?? [];
    sent.push(reps.map((r) => String(r.id)));
    if (state.down) throw new RegionFailure('REGION_UNAVAILABLE', 'ECONNREFUSED');
    return { data: { _entities: reps.map((r) => ({ id: r.id, status: 'VALID' })) } };
  };
  return { send, sent, state };
}

function cached(send: Send, store: EntityCache = memoryEntityCache(TTL_MS + STALE_MS)) {
  const notes: StaleNote[] = [];
  const wrapped = cachedEntities(send, {
    subgraph: 'hangzhou',
    store,
    ttlMs: TTL_MS,
    staleMs: STALE_MS,
    decisionMaxAgeMs: DECISION_MAX_AGE_MS,
    partitionOf: (request) => (request.context as { purpose?: string }).purpose ?? null,
    mayServeStale: (request) => !(request.context as { decision?: boolean }).decision,
    live: (request) => (request.context as { presented?: boolean }).presented === true,
    onStale: (_request, note) => notes.push(note),
    answerFailure: (failure, reps: readonly Representation[]): GatewayGraphQLResponse => ({
      errors: reps.map((r) => ({ message: failure.code, extensions: { code: failure.code, permitId: r.id } })),
    }),
  });
  return { wrapped, notes };
}

const read = (ids: string[], context: object = { purpose: 'SCHOOLING', decision: false }): SubgraphRequest =>
  subgraphRequest({ reps: ids.map(permit), context });

/** Moves `Date.now()` by `ms` for the rest of the test. */
function later(ms: number): void {
  const now = Date.now();
  jest.spyOn(Date, 'now').mockReturnValue(now + ms);
}

afterEach(() => jest.restoreAllMocks());

describe('cachedEntities', () => {
  it('answers fresh entries from the store and fetches only the misses, in request order', async () => {
    const { send, sent } = region();
    const { wrapped } = cached(send);
    await wrapped(read(['A', 'B']));
    const res = await wrapped(read(['A', 'C', 'B']));
    expect(sent).toEqual([['A', 'B'], ['C']]);
    expect(res.data?._entities).toEqual([
      { id: 'A', status: 'VALID' },
      { id: 'C', status: 'VALID' },
      { id: 'B', status: 'VALID' },
    ]);
    await wrapped(read(['A', 'B', 'C']));
    expect(sent).toHaveLength(2);
  });

  it('answers a live request (a presented code) from the region only: no fresh or stale entry, nothing stored', async () => {
    const { send, sent, state } = region();
    const { wrapped, notes } = cached(send);
    await wrapped(read(['A']));
    const presented = { purpose: 'SCHOOLING', decision: false, presented: true };
    await wrapped(read(['A'], presented));
    expect(sent).toEqual([['A'], ['A']]);
    state.down = true;
    await expect(wrapped(read(['A'], presented))).rejects.toBeInstanceOf(RegionFailure);
    later(TTL_MS + 1000);
    await expect(wrapped(read(['A'], presented))).rejects.toBeInstanceOf(RegionFailure);
    expect(notes).toEqual([]);
    // What a live request fetched was never stored: a plain read after it still misses.
    state.down = false;
    await wrapped(read(['B'], presented));
    await wrapped(read(['B']));
    expect(sent.slice(-2)).toEqual([['B'], ['B']]);
  });

  it('keeps one purpose’s entries from another', async () => {
    const { send, sent } = region();
    const { wrapped } = cached(send);
    await wrapped(read(['A'], { purpose: 'SCHOOLING', decision: false }));
    await wrapped(read(['A'], { purpose: 'MEDICAL_BILLING', decision: false }));
    expect(sent).toEqual([['A'], ['A']]);
  });

  it('serves an expired entry to a plain read while the region fails, and reports it', async () => {
    const { send, state } = region();
    const { wrapped, notes } = cached(send);
    await wrapped(read(['A']));
    later(TTL_MS + 5_000);
    state.down = true;
    const res = await wrapped(read(['A', 'B']));
    expect(res.data?._entities).toEqual([{ id: 'A', status: 'VALID' }, null]);
    expect(res.errors).toEqual([{ message: 'REGION_UNAVAILABLE', extensions: { code: 'REGION_UNAVAILABLE', permitId: 'B' } }]);
    expect(notes).toEqual([{ subgraph: 'hangzhou', permitId: 'A', ageSeconds: 65 }]);
  });

  it('bases a decision only on an entry younger than the decision bound, though a plain read still takes it', async () => {
    const { send, sent } = region();
    const { wrapped } = cached(send);
    const decision = { purpose: 'SCHOOLING', decision: true };
    await wrapped(read(['A'], decision));
    later(DECISION_MAX_AGE_MS - 1_000);
    await wrapped(read(['A'], decision)); // young enough: from the cache
    later(2_000);
    await wrapped(read(['A'], decision)); // 6 s old: within the TTL, past the decision bound: fetched
    await wrapped(read(['A'])); // a plain read takes the entry just stored
    expect(sent).toEqual([['A'], ['A']]);
  });

  it('never serves stale data to a decision', async () => {
    const { send, state } = region();
    const { wrapped, notes } = cached(send);
    await wrapped(read(['A'], { purpose: 'SCHOOLING', decision: true }));
    later(TTL_MS + 5_000);
    state.down = true;
    const res = await wrapped(read(['A'], { purpose: 'SCHOOLING', decision: true }));
    expect(res.data?._entities).toEqual([null]);
    expect(res.errors?.map((e) => e.extensions?.permitId)).toEqual(['A']);
    expect(notes).toEqual([]);
  });

  it('never serves an entry past its stale life', async () => {
    const { send, state } = region();
    const { wrapped, notes } = cached(send);
    await wrapped(read(['A']));
    later(TTL_MS + STALE_MS + 1);
    state.down = true;
    const res = await wrapped(read(['A']));
    expect(res.errors?.map((e) => e.extensions?.permitId)).toEqual(['A']);
    expect(notes).toEqual([]);
  });

  it('passes a request without representations, and any other error, through', async () => {
    const boom = new Error('boom');
    const { wrapped } = cached(async (request) => {
      if (representationsOf(request)) throw boom;
      return { data: { ok: true } };
    });
    await expect(wrapped(subgraphRequest())).resolves.toEqual({ data: { ok: true } });
    await expect(wrapped(read(['A']))).rejects.toBe(boom);
  });
});
