/** How the entity cache answered one entity: fresh from the store, fetched, or served stale. */
export type CacheOutcome = 'hit' | 'miss' | 'stale';

/**
 * Running totals of the entity cache's answers per city subgraph, since start. Metrics
 * read them at scrape time and the health history at every tick; neither keeps its own
 * count, so the two always agree.
 */
export class CacheStats {
  private readonly totals = new Map<string, Record<CacheOutcome, number>>();

  /** Adds `entities` answers of one kind for `subgraph`. */
  count(subgraph: string, outcome: CacheOutcome, entities: number): void {
    if (entities <= 0) return;
    const t = this.totals.get(subgraph) ?? { hit: 0, miss: 0, stale: 0 };
    t[outcome] += entities;
    this.totals.set(subgraph, t);
  }

  /** The totals of `subgraph` since start (zeros when it has no cache). */
  of(subgraph: string): Readonly<Record<CacheOutcome, number>> {
    return { ...(this.totals.get(subgraph) ?? { hit: 0, miss: 0, stale: 0 }) };
  }

  /** Every subgraph that has counted anything. */
  subgraphs(): string[] {
    return [...this.totals.keys()];
  }
}
