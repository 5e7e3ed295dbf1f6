/**
 * What the gateway and every subgraph know of one purpose (docs/adding-a-purpose.md):
 * its enum value, how the `Service` enum describes it, and the supergraph fields it adds
 * to what every purpose sees. The decision rules live with the hub
 * (`subgraphs/interop/recognition/services/`), which names the same purpose.
 */
export interface Purpose {
  /** The `Service` enum value and `X-Purpose` header value. */
  readonly name: string;
  /** The enum value's description, Chinese then English (`随迁子女入学 — Schooling …`). */
  readonly description: string;
  /**
   * `Type.field` coordinates this purpose may see beyond the fields every purpose sees
   * (gateway/operation/purpose/fieldPolicy.ts). A region's local fields are the region's
   * to grant, not listed here.
   */
  readonly maySee: readonly string[];
}
