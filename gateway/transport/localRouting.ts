import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, execute, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { routingResolvers } from '../../common/permitRouting';
import type { Send } from './Send';

/** The hub's root fields whose answer depends on the permit number alone. */
const ROUTING_FIELDS = new Set(['permit', 'permits', 'recognise', '__typename']);

/**
 * The hub's routing schema in the gateway: the interop subgraph's own SDL (the contract,
 * read from the SDL file the gateway composes from) with the hub's own routing resolvers
 * (`common/permitRouting.ts`) and nothing else; a test passes the resolvers of its own
 * region catalogue.
 */
export function routingSchema(interopSdl: string, resolvers: object = routingResolvers): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(interopSdl), resolvers: { Query: resolvers } as never });
}

/**
 * Answers, in the gateway, a fetch to the hub that asks only `permit`, `permits` or
 * `recognise`: their answer (an entity reference to the issuing city, or an item's
 * error) is a pure function of the permit numbers, so the network round trip to the hub
 * and the hub's own parse and execution cost a lookup time and CPU for nothing. The
 * fetch is executed against the hub's schema with the hub's resolvers, so the answer is
 * the one the hub would give. Every other fetch to the hub (decisions, policies,
 * regions) goes to it as before.
 */
export function localRouting(send: Send, schema: GraphQLSchema): Send {
  const routable = new WeakMap<DocumentNode, boolean>();
  const parsed = new Map<string, DocumentNode>();
  const documentOf = (query: string): DocumentNode => {
    let doc = parsed.get(query);
    if (!doc) {
      doc = parse(query);
      // Fetch texts come from cached query plans, so they repeat; the cap only guards memory.
      if (parsed.size >= 1000) parsed.clear();
      parsed.set(query, doc);
    }
    return doc;
  };
  return async (request) => {
    const query = request.request.query;
    if (!query) return send(request);
    const document = ('document' in request && request.document) || documentOf(query);
    let local = routable.get(document);
    if (local === undefined) {
      local = document.definitions.every(
        (d) =>
          d.kind === Kind.OPERATION_DEFINITION &&
          d.operation === 'query' &&
          d.selectionSet.selections.every((s) => s.kind === Kind.FIELD && ROUTING_FIELDS.has(s.name.value)),
      );
      routable.set(document, local);
    }
    if (!local) return send(request);
    const result = await execute({ schema, document, variableValues: request.request.variables, operationName: request.request.operationName });
    return {
      data: result.data as Record<string, unknown> | null | undefined,
      ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
    };
  };
}
