import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** The type of a decision: every field of this type makes the hub decide once per item. */
const DECISION_TYPE = 'Recognition';

/**
 * How many decisions one item of a root field can produce: the fields of type
 * `Recognition` its selection set holds, each alias counted (`a: recognition(…)
 * b: recognition(…)` is two decisions), each fragment as often as it is spread, and
 * `@skip`/`@include` regardless (a bound, like the rest of the cost). A fragment's count
 * is worked out once, so a document of nested spreads costs its size to count, not its
 * expansion. Fields the schema does not know count nothing (validation ran first).
 */
export function decisionsPerItem(
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode | undefined,
  parentType: GraphQLCompositeType,
): number {
  const ofFragment = new Map<string, number>();
  const count = (set: SelectionSetNode, type: GraphQLCompositeType, visiting: ReadonlySet<string>): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const fieldDef = isObjectType(type) || isInterfaceType(type) ? type.getFields()[s.name.value] : undefined;
        if (!fieldDef) continue;
        const named = getNamedType(fieldDef.type);
        if (named.name === DECISION_TYPE) total += 1;
        else if (s.selectionSet && isCompositeType(named)) total += count(s.selectionSet, named, visiting);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        if (isCompositeType(on)) total += count(s.selectionSet, on, visiting);
      } else {
        const name = s.name.value;
        // A cycle cannot pass validation; guard anyway rather than recurse forever.
        if (visiting.has(name)) continue;
        let known = ofFragment.get(name);
        if (known === undefined) {
          const fragment = fragments.get(name);
          const on = fragment && schema.getType(fragment.typeCondition.name.value);
          known = fragment && isCompositeType(on) ? count(fragment.selectionSet, on, new Set([...visiting, name])) : 0;
          ofFragment.set(name, known);
        }
        total += known;
      }
    }
    return total;
  };
  return selectionSet ? count(selectionSet, parentType, new Set()) : 0;
}
