import { GraphQLDataSourceRequestKind } from '../../common/apolloInternals';
import type { GraphQLFormattedError } from 'graphql';
import { idOnlyPermits } from '../operation/idOnlyPermits';
import type { Representation, Send, SubgraphRequest } from './Send';

type Obj = Record<string, unknown>;
type IncomingRequest = Extract<SubgraphRequest, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;

/** A permit reference the hub answered that no city fetch of the plan will confirm. */
interface Unconfirmed {
  rep: Representation;
  /** Replaces the reference in the response once the city says it holds no such permit. */
  clear: () => void;
}

/**
 * "Does this permit exist?" must never get a false yes. The hub answers `permit(id:)`,
 * `permits(ids:)` and `recognise(requests:)` with routing stubs worked out from the
 * number alone (and `verifyPresentation` with the stub of the code's permit); when the operation selects nothing of a permit but its `id`
 * (`idOnlyPermits`), no city fetch follows and every well-formed number would look
 * registered. This wrapper of the hub's `Send` asks each issuing city for those
 * references (`_entities { id }`, through the city's own data source: its cache, breaker
 * and deadline) and clears every one the city does not answer, adding the city's error
 * (`PERMIT_NOT_FOUND`, or `REGION_UNAVAILABLE`/`REGION_TIMEOUT` when it cannot say),
 * named by `extensions.permitId` like every per-permit error. Costs one city fetch (or
 * cache hit) per region for id-only selections; every other selection passes untouched.
 *
 * @param cityOf the `Send` of the city subgraph that resolves a permit `__typename`.
 */
export function confirmedExistence(send: Send, cityOf: (typename: string) => Send | undefined): Send {
  return async (request) => {
    const response = await send(request);
    const incoming = request.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? request.incomingRequestContext : undefined;
    if (!response.data || !incoming?.document || !incoming.operation) return response;
    const idOnly = idOnlyPermits(incoming.document, incoming.operation);
    if (!idOnly.size) return response;

    const data: Obj = { ...response.data };
    const unconfirmed: Unconfirmed[] = [];
    for (const [key, where] of idOnly) {
      const value = data[key];
      if (!where.batch) {
        if (isRef(value)) unconfirmed.push({ rep: repOf(value), clear: () => (data[key] = null) });
      } else if (Array.isArray(value) || (value && typeof value === 'object')) {
        // A batch's items, or `verifyPresentation`'s one answer.
        const list: unknown[] = Array.isArray(value) ? value : [value];
        const items = list.map((item) => (item && typeof item === 'object' ? { ...(item as Obj) } : item));
        data[key] = Array.isArray(value) ? items : items[0];
        for (const item of items) {
          for (const permitKey of where.permitKeys) {
            const ref = (item as Obj | null)?.[permitKey];
            if (isRef(ref)) unconfirmed.push({ rep: repOf(ref), clear: () => ((item as Obj)[permitKey] = null) });
          }
        }
      }
    }
    if (!unconfirmed.length) return response;
    const errors = await confirm(unconfirmed, request as IncomingRequest, cityOf);
    return { ...response, data, errors: [...(response.errors ?? []), ...errors] };
  };
}

function isRef(value: unknown): value is { __typename: string; id: string } {
  return !!value && typeof (value as Obj).__typename === 'string' && typeof (value as Obj).id === 'string';
}

/** The city's key is `id` alone; the hub's `decisionContext` stays out. */
function repOf(ref: { __typename: string; id: string }): Representation {
  return { __typename: ref.__typename, id: ref.id };
}

/** Asks each city, in parallel, for its references; clears the ones it does not answer and returns its errors for them. */
async function confirm(unconfirmed: readonly Unconfirmed[], request: IncomingRequest, cityOf: (typename: string) => Send | undefined): Promise<GraphQLFormattedError[]> {
  const byType = new Map<string, Unconfirmed[]>();
  for (const u of unconfirmed) {
    const list = byType.get(u.rep.__typename) ?? [];
    list.push(u);
    byType.set(u.rep.__typename, list);
  }
  const errors: GraphQLFormattedError[] = [];
  await Promise.all(
    [...byType].map(async ([typename, refs]) => {
      const city = cityOf(typename);
      if (!city) return; // the hub routes only to connected regions; nothing else to ask
      const reps = [...new Map(refs.map((r) => [r.rep.id, r.rep])).values()];
      const response = await city(entityRequest(typename, reps, request));
      const entities = (response.data?._entities ?? []) as unknown[];
      const found = new Set(reps.filter((_, i) => entities[i]).map((r) => r.id));
      const reported = new Set<unknown>();
      for (const ref of refs) {
        if (found.has(ref.rep.id)) continue;
        ref.clear();
        if (reported.has(ref.rep.id)) continue;
        reported.add(ref.rep.id);
        const error = response.errors?.find((e) => e.extensions?.permitId === ref.rep.id) ?? response.errors?.[0];
        if (error) errors.push({ ...error, extensions: { ...error.extensions, permitId: ref.rep.id } });
      }
    }),
  );
  return errors;
}

/** An `_entities` fetch of `id` alone, in the partner's request context (its purpose partitions the cache). */
function entityRequest(typename: string, reps: Representation[], request: IncomingRequest): SubgraphRequest {
  return {
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: {
      query: `query ExistenceCheck($representations:[_Any!]!){_entities(representations:$representations){...on ${typename}{id}}}`,
      operationName: 'ExistenceCheck',
      variables: { representations: reps },
    },
    incomingRequestContext: request.incomingRequestContext,
    context: request.context,
  };
}
