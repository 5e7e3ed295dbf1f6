import {
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { AuditDecision } from './AuditRecord';

// The planner sends the hub a handful of distinct operations; parse each once.
const documents = new LRUCache<string, DocumentNode>({ max: 500 });

/**
 * The recognition decisions in one answer of the interop hub to the gateway, by permit,
 * host and service, read with the operation the gateway sent (so by field name, whatever
 * the partner aliased) and the representations it sent (so the permit is the one the
 * gateway asked about, whether or not the partner selected `id`).
 *
 * Every decision reaches the gateway through an `_entities` fetch: `recognition(host:,
 * service:)` and `requestedRecognition` `@requires` the issuer's signed record, so the
 * planner fetches the permit from its city first and then asks the hub about that
 * entity. The permit is the `id` of the representation at the item's index; host and
 * service are the Recognition's own `host`/`service` when the operation selected them,
 * else the field's arguments (`recognition`) or the representation's `decisionContext`
 * (`requestedRecognition`, `HOST:SERVICE`). Never throws: an answer it cannot read gives
 * no decisions.
 */
export function hubDecisions(query: string, variables: Readonly<Record<string, unknown>> | undefined, data: unknown): AuditDecision[] {
  try {
    let document = documents.get(query);
    if (!document) {
      document = parse(query);
      documents.set(query, document);
    }
    return readDocument(document, variables ?? {}, data);
  } catch {
    return [];
  }
}

interface Walk {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  found: AuditDecision[];
}

function readDocument(document: DocumentNode, variables: Readonly<Record<string, unknown>>, data: unknown): AuditDecision[] {
  const walk: Walk = { fragments: new Map(), variables, found: [] };
  let operation: SelectionSetNode | undefined;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) walk.fragments.set(d.name.value, d);
    if (d.kind === Kind.OPERATION_DEFINITION) operation ??= d.selectionSet;
  }
  if (!operation || !isObject(data)) return [];
  for (const field of fieldsOf(operation, undefined, walk)) {
    if (field.name.value !== '_entities') continue;
    const items = data[responseKey(field)];
    const representations = argument(field, 'representations', walk);
    if (!Array.isArray(items) || !Array.isArray(representations)) continue;
    items.forEach((entity, i) => {
      const rep: unknown = representations[i];
      if (isObject(entity) && isObject(rep) && typeof rep.id === 'string' && field.selectionSet) {
        readEntity(field.selectionSet, entity, rep, walk);
      }
    });
  }
  return walk.found;
}

function readEntity(selection: SelectionSetNode, entity: Record<string, unknown>, rep: Record<string, unknown>, walk: Walk): void {
  // The representation names the type when the answer does not.
  const typename = typeof entity.__typename === 'string' ? entity.__typename : typeof rep.__typename === 'string' ? rep.__typename : undefined;
  for (const field of fieldsOf(selection, typename, walk)) {
    const name = field.name.value;
    if (name !== 'recognition' && name !== 'requestedRecognition') continue;
    const recognition = entity[responseKey(field)];
    if (!isObject(recognition) || !field.selectionSet) continue;
    const [contextHost, contextService] = typeof rep.decisionContext === 'string' ? rep.decisionContext.split(':') : [];
    const given =
      name === 'recognition'
        ? { host: argument(field, 'host', walk), service: argument(field, 'service', walk) }
        : { host: contextHost, service: contextService };
    const own: Record<string, unknown> = {};
    for (const sub of fieldsOf(field.selectionSet, undefined, walk)) own[sub.name.value] ??= recognition[responseKey(sub)];
    if (typeof own.decision !== 'string') continue;
    walk.found.push({
      permitId: rep.id as string,
      host: stringOrNull(own.host) ?? stringOrNull(given.host),
      service: stringOrNull(own.service) ?? stringOrNull(given.service),
      decision: own.decision,
    });
  }
}

/**
 * The fields of a selection set that apply to an object of type `typename`: fragments
 * flattened, a type condition kept only when it matches (every one when unknown).
 */
function fieldsOf(selection: SelectionSetNode, typename: string | undefined, walk: Walk, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const s of selection.selections) {
    if (s.kind === Kind.FIELD) {
      fields.push(s);
      continue;
    }
    const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : walk.fragments.get(s.name.value);
    if (!fragment || (s.kind === Kind.FRAGMENT_SPREAD && seen.has(s.name.value))) continue;
    if (s.kind === Kind.FRAGMENT_SPREAD) seen.add(s.name.value);
    const on = fragment.typeCondition?.name.value;
    if (on && typename && typename !== on && !isInterfaceName(on)) continue;
    fields.push(...fieldsOf(fragment.selectionSet, typename, walk, seen));
  }
  return fields;
}

// The hub's only abstract type with decision fields: a fragment on it applies to every permit.
function isInterfaceName(name: string): boolean {
  return name === 'ResidencePermit';
}

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

function argument(field: FieldNode, name: string, walk: Walk): unknown {
  const node = field.arguments?.find((a) => a.name.value === name)?.value;
  return node ? valueOf(node, walk) : undefined;
}

function valueOf(node: ValueNode, walk: Walk): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return walk.variables[node.name.value];
    case Kind.ENUM:
    case Kind.STRING:
      return node.value;
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, walk));
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
