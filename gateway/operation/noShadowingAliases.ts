import { GraphQLError, getNamedType, isCompositeType, isObjectType, isInterfaceType, type ValidationRule } from 'graphql';

/**
 * Refuses an alias that is the name of another field of the same type, or `__typename`
 * (`permit { id: validUntil }`). Apollo's query planner adds key and `@requires` fields
 * to subgraph fetches under their own names, and a partner's alias of the same name
 * silently replaces them: `id: validUntil` made the gateway send the hub a date as the
 * permit's id, and the partner received a decision about no permit
 * (apollographql/federation#3036). A validation error, answered as
 * `GRAPHQL_VALIDATION_FAILED` (400) before any planning.
 */
export const noShadowingAliases: ValidationRule = (context) => ({
  Field(node) {
    const alias = node.alias?.value;
    if (!alias || alias === node.name.value) return;
    const parent = context.getParentType();
    const shadows =
      alias === '__typename' ||
      (parent !== null && isCompositeType(parent) && (isObjectType(parent) || isInterfaceType(parent)) && alias in parent.getFields());
    if (shadows) {
      context.reportError(
        new GraphQLError(`The alias "${alias}" names another field of ${getNamedType(parent)?.name ?? 'this type'}; choose another alias.`, {
          nodes: [node],
        }),
      );
    }
  },
});
