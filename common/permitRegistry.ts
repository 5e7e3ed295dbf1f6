import type { SignedPermit } from './permit';

/**
 * The data-source interface a city subgraph reads permits through. The default
 * implementation is the deterministic mock registry (mocks/); a real registry adapter
 * (the region's own API) implements the same two calls.
 */
export interface PermitRegistry {
  /**
   * Looks up many permits in one call, answering in the order asked; `null` where the
   * registry holds no such permit. One call per GraphQL fetch (`_entities` batch).
   */
  getMany(ids: readonly string[]): Promise<Array<SignedPermit | null>>;
  /** Releases connections; the mock has none. */
  close(): Promise<void>;
}
