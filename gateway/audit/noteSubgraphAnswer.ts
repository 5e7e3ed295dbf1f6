import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { AuditNotes } from './AuditNotes';
import { hubDecisions } from './hubDecisions';

/** The subgraph that decides recognition; every other one but the hub is a city. */
const HUB = 'interop';

/**
 * Notes, for the request's audit record, one answer of a subgraph as the gateway received
 * it: a failed fetch (`REGION_…` errors, which the transport puts on every entity the
 * subgraph would have served) by subgraph and code, a city that answered — served at
 * least one entity, fresh or, while its fetch failed, stale from the cache — and, for
 * the hub, its decisions (`hubDecisions`). Called by the data source before the answer is
 * merged into the partner's response. Never throws.
 */
export function noteSubgraphAnswer(
  notes: AuditNotes | undefined,
  subgraph: string,
  request: { query?: string; variables?: Record<string, unknown> },
  response: GatewayGraphQLResponse,
): void {
  if (!notes) return;
  const failed = new Set(
    (response.errors ?? []).map((e) => String(e.extensions?.code ?? '')).filter((code) => code.startsWith('REGION_')),
  );
  for (const code of failed) notes.failures.push({ subgraph, code });
  if (subgraph !== HUB && served(response, failed.size > 0)) notes.answered.add(subgraph);
  if (subgraph === HUB && request.query && response.data) {
    notes.decisions.push(...hubDecisions(request.query, request.variables, response.data));
  }
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
