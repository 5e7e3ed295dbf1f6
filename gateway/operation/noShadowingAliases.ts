import { GraphQLError, Kind, parse, type ValidationRule } from 'graphql';

/**
 * Every field name of every object and interface type of the supergraph, `@inaccessible`
 * ones included: partners never see `decisionContext`, but the planner still selects it
 * as a key field under that name.
 */
function supergraphFieldNames(supergraphSdl: string): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const def of parse(supergraphSdl).definitions) {
    const typed =
      def.kind === Kind.OBJECT_TYPE_DEFINITION ||
      def.kind === Kind.OBJECT_TYPE_EXTENSION ||
      def.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      def.kind === Kind.INTERFACE_TYPE_EXTENSION;
    if (!typed) continue;
    const set = names.get(def.name.value) ?? new Set<string>();
    for (const field of def.fields ?? []) set.add(field.name.value);
    names.set(def.name.value, set);
  }
  return names;
}

/**
 * Refuses an alias that is the name of another field of the same type in the supergraph
 * — `@inaccessible` key fields included (`decisionContext: issuer`) — or `__typename`
 * (`permit { id: validUntil }`). Apollo's query planner adds key and `@requires` fields
 * to subgraph fetches under their own names, and a partner's alias of the same name
 * silently replaces them: `id: validUntil` made the gateway send the hub a date as the
 * permit's id, and the partner received a decision about no permit
 * (apollographql/federation#3036). The API schema the rule validates against has no
 * inaccessible fields, hence the supergraph's own. A validation error, answered as
 * `GRAPHQL_VALIDATION_FAILED` (400) before any planning.
 */
export function noShadowingAliases(supergraphSdl: string): ValidationRule {
  const fieldsOf = supergraphFieldNames(supergraphSdl);
  return (context) => ({
    Field(node) {
      const alias = node.alias?.value;
      if (!alias || alias === node.name.value) return;
      const parent = context.getParentType();
      const shadows = alias === '__typename' || (parent != null && fieldsOf.get(parent.name)?.has(alias) === true);
      if (shadows) {
        context.reportError(
          new GraphQLError(`The alias "${alias}" names another field of ${parent?.name ?? 'this type'}; choose another alias.`, {
            nodes: [node],
          }),
        );
      }
    },
  });
}
