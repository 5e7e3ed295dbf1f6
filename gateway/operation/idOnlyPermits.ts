import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Where an operation selects a permit by nothing but its number: root fields whose permit
 * no city fetch will confirm. Keyed by the root field's response key (its alias, else
 * its name), which the planner keeps in the hub's fetch.
 */
export type IdOnlyPermits = ReadonlyMap<string, { readonly batch: false } | { readonly batch: true; readonly permitKeys: readonly string[] }>;

/** Fields the hub answers itself in its routing stub: selecting only these reaches no city. */
const STUB_FIELDS = new Set(['id', '__typename']);
// Roots whose permit sits one level down: in each item of a batch, or in the one
// presentation `verifyPresentation` answers (its permit is a stub too until a city confirms it).
const BATCH_ROOTS = new Set(['permits', 'recognise', 'verifyPresentation']);

const cache = new WeakMap<OperationDefinitionNode, IdOnlyPermits>();

/**
 * The permit selections of `permit(id:)`, `permits(ids:)`, `recognise(requests:)` and `verifyPresentation`
 * that no city fetch will follow: those selecting only `id` and `__typename`. The hub
 * answers such a selection from the number alone, so without a check "does this permit
 * exist?" would get a false yes. A field under `@skip`/`@include` may be left out at run
 * time, so it does not count as reaching the city (the check is then made; at worst one
 * fetch too many, never a false yes). For `permits` and `recognise`, `permitKeys` are
 * the response keys of the item's `permit` selections that need the check.
 *
 * Cached per operation node: Apollo Server keeps one parsed document per query string.
 */
export function idOnlyPermits(document: DocumentNode, operation: OperationDefinitionNode): IdOnlyPermits {
  const known = cache.get(operation);
  if (known) return known;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const found = new Map<string, { batch: false } | { batch: true; permitKeys: string[] }>();
  for (const root of fieldsOf(operation.selectionSet, fragments)) {
    const name = root.node.name.value;
    const key = root.node.alias?.value ?? name;
    if (name === 'permit' && root.node.selectionSet && stubOnly(root.node.selectionSet, fragments)) found.set(key, { batch: false });
    if (BATCH_ROOTS.has(name) && root.node.selectionSet) {
      const permitKeys = fieldsOf(root.node.selectionSet, fragments)
        .filter((f) => f.node.name.value === 'permit' && f.node.selectionSet && stubOnly(f.node.selectionSet, fragments))
        .map((f) => f.node.alias?.value ?? f.node.name.value);
      if (permitKeys.length) found.set(key, { batch: true, permitKeys: [...new Set(permitKeys)] });
    }
  }
  cache.set(operation, found);
  return found;
}

type Found = { node: FieldNode; conditional: boolean };

/** The fields of a selection set through fragments, each noting whether a `@skip`/`@include` guards it. */
function fieldsOf(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, conditional = false, seen = new Set<string>()): Found[] {
  const out: Found[] = [];
  for (const s of set.selections) {
    const guarded = conditional || (s.directives ?? []).some((d) => d.name.value === 'skip' || d.name.value === 'include');
    if (s.kind === Kind.FIELD) out.push({ node: s, conditional: guarded });
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, fragments, guarded, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      if (fragment) out.push(...fieldsOf(fragment.selectionSet, fragments, guarded, seen));
    }
  }
  return out;
}

/** True when no unconditional field beyond the stub's own is selected. */
function stubOnly(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  return fieldsOf(set, fragments).every((f) => f.conditional || STUB_FIELDS.has(f.node.name.value));
}
