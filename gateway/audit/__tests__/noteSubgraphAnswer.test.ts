import { newAuditNotes } from '../AuditNotes';
import { noteSubgraphAnswer } from '../noteSubgraphAnswer';

/*
 * What a city's answer tells the audit: its failures, and whether it served anything — a
 * failed fetch still serves the entities the cache answered stale, and those went out.
 */

const failure = (permitId: string) => ({ message: 'Hangzhou: unavailable', extensions: { code: 'REGION_UNAVAILABLE', permitId } });

describe('noteSubgraphAnswer', () => {
  it('notes a city whose failed fetch still served stale entities as answered, beside its failure', () => {
    const notes = newAuditNotes();
    noteSubgraphAnswer(notes, { subgraph: 'hangzhou', region: 'HANGZHOU' }, { data: { _entities: [{ id: 'P-1', status: 'VALID' }, null] }, errors: [failure('P-2')] });
    expect(notes.failures).toEqual([{ subgraph: 'hangzhou', code: 'REGION_UNAVAILABLE' }]);
    expect([...notes.answered]).toEqual(['hangzhou']);
  });

  it('notes a city that served nothing as failed only', () => {
    const notes = newAuditNotes();
    noteSubgraphAnswer(notes, { subgraph: 'hangzhou', region: 'HANGZHOU' }, { errors: [failure('P-1')] });
    noteSubgraphAnswer(notes, { subgraph: 'anhui', region: 'ANHUI' }, { data: { _entities: [null] }, errors: [failure('P-2')] });
    expect(notes.failures.map((f) => f.subgraph)).toEqual(['hangzhou', 'anhui']);
    expect(notes.answered.size).toBe(0);
  });

  it('notes a city that answered without failing, and never the hub', () => {
    const notes = newAuditNotes();
    noteSubgraphAnswer(notes, { subgraph: 'suzhou', region: 'SUZHOU' }, { data: { _entities: [{ id: 'P-3' }] } });
    noteSubgraphAnswer(notes, { subgraph: 'interop', region: undefined }, { data: { permit: { id: 'P-3' } } });
    expect([...notes.answered]).toEqual(['suzhou']);
    expect(notes.failures).toEqual([]);
  });
});
