import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Region } from '../../common/regions';
import type { AuditNotes } from './AuditNotes';

/**
 * Notes, for the request's audit record, one answer of a subgraph as the gateway received
 * it: a failed fetch (`REGION_…` errors, which the transport puts on every entity the
 * subgraph would have served) by subgraph and code, and a city (a subgraph with a region)
 * that answered — served at least one entity, fresh or, while its fetch failed, stale
 * from the cache. The hub's decisions are noted by its data source from its own statement
 * (`HubDataSource`). Called by the data source before the answer is merged into the
 * partner's response. Never throws.
 */
export function noteSubgraphAnswer(
  notes: AuditNotes | undefined,
  source: { subgraph: string; region: Region | undefined },
  response: GatewayGraphQLResponse,
): void {
  if (!notes) return;
  const { subgraph } = source;
  const failed = new Set(
    (response.errors ?? []).map((e) => String(e.extensions?.code ?? '')).filter((code) => code.startsWith('REGION_')),
  );
  for (const code of failed) notes.failures.push({ subgraph, code });
  if (source.region && served(response, failed.size > 0)) notes.answered.add(subgraph);
}

/**
 * Whether a city's answer carries data that goes out: any entity of an entity fetch (a
 * failed fetch may still carry the stale ones the cache served), else any data of a
 * fetch that did not fail.
 */
function served(response: GatewayGraphQLResponse, failed: boolean): boolean {
  const entities = response.data?._entities;
  if (Array.isArray(entities)) return entities.some((e) => e !== null && e !== undefined);
  return !!response.data && !failed;
}
