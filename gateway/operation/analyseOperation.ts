import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type InlineFragmentNode,
  type SelectionSetNode,
} from 'graphql';
import { decisionsPerItem } from './decisionsPerItem';
import type { OperationAnalysis, PermitArgument, SelectedField, ServiceArgument } from './OperationAnalysis';
import { presentedPermit } from './presentedPermit';

type Args = Record<string, unknown>;

/** The permit numbers a root field's arguments name, and the size of its batch argument. */
const PERMIT_ARGUMENTS: Readonly<Record<string, (args: Args) => { values: unknown[]; batch?: unknown }>> = {
  'Query.permit': (args) => ({ values: [args.id] }),
  'Query.permits': (args) => ({ values: listOf(args.ids), batch: args.ids }),
  'Query.recognise': (args) => ({ values: listOf(args.requests).map((r) => (r as { permitId?: unknown } | null)?.permitId), batch: args.requests }),
  'Query.verifyPresentation': (args) => ({ values: [presentedPermit(args.code)] }),
};

/** The services a field's arguments name. */
const SERVICE_ARGUMENTS: Readonly<Record<string, (args: Args) => unknown[]>> = {
  'ResidencePermit.recognition': (args) => [args.service],
  'Query.recognise': (args) => listOf(args.requests).map((r) => (r as { service?: unknown } | null)?.service),
};

/**
 * Everything the gateway needs to know about the named operation of a validated document,
 * from one walk of it ({@link OperationAnalysis}, frozen):
 *
 * - the fields it selects, through fragments and inline fragments, under the
 *   `@skip`/`@include` conditions its variables decide (aliases do not matter: a field is
 *   named by its schema coordinate). `__typename` and the fields of introspection types are
 *   left out; `__schema` and `__type` are kept. A condition that cannot be decided (its
 *   variable does not fit) counts as included, so nothing it guards is overlooked;
 * - the permit numbers and batch sizes of the root fields `permit`, `permits`,
 *   `recognise` and `verifyPresentation` (the permit its code names), whatever their
 *   conditions (a refused number is refused even when skipped), and how many decisions
 *   each of their items can produce (`decisionsPerItem`);
 * - the services named by `recognition(service:)` and the `recognise` requests;
 * - whether a `Recognition` (a decision) is selected.
 *
 * Each fragment is walked once however often it is spread, so a document of nested spreads
 * costs its size, not its expansion. Arguments are coerced with the coerced variables
 * (https://spec.graphql.org/October2021/#sec-Coercing-Field-Arguments). Throws a
 * `TypeError` when the document has no such operation.
 */
export function analyseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableInputs: Readonly<Record<string, unknown>> | null | undefined,
): OperationAnalysis {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new TypeError(`the document has no operation ${operationName ?? '(anonymous)'}`);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...variableInputs });
  const variables = coerced.coerced;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const queryType = schema.getQueryType();

  const fields: SelectedField[] = [];
  const permitArguments: PermitArgument[] = [];
  const serviceArguments: ServiceArgument[] = [];
  let selectsRecognition = false;
  // A fragment spread only under a skipped condition is still walked for its root fields'
  // permit numbers, so it is reached once included and once skipped at most.
  const reached = { included: new Set<string>(), skipped: new Set<string>() };
  const pending: Array<{ fragment: FragmentDefinitionNode; skipped: boolean }> = [];

  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean => {
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    } catch {
      // undecidable condition: count what it guards
    }
    return true;
  };
  const argumentsOf = (fieldDef: GraphQLField<unknown, unknown>, node: FieldNode): Args | GraphQLError => {
    try {
      return getArgumentValues(fieldDef, node, variables ?? {});
    } catch (err) {
      if (err instanceof GraphQLError) return err;
      throw err;
    }
  };

  const walkField = (node: FieldNode, parentType: GraphQLCompositeType, skipped: boolean): void => {
    const fieldDef = fieldDefOf(schema, parentType, node.name.value);
    // Unknown fields cannot pass validation, which runs first; skip rather than guess.
    if (!fieldDef) return;
    const coordinate = coordinateOf(parentType, fieldDef.name);
    const permitArgument = parentType === queryType ? PERMIT_ARGUMENTS[coordinate] : undefined;
    if (permitArgument) {
      const args = argumentsOf(fieldDef, node);
      const responseKey = node.alias?.value ?? node.name.value;
      if (args instanceof GraphQLError) {
        permitArguments.push(Object.freeze({ coordinate, responseKey, values: Object.freeze([]), decisionsPerItem: 0, error: args }));
      } else {
        const { values, batch } = permitArgument(args);
        const batchSize = Array.isArray(batch) ? batch.length : undefined;
        const type = getNamedType(fieldDef.type);
        const decisions = isCompositeType(type) ? decisionsPerItem(schema, fragments, node.selectionSet, type) : 0;
        permitArguments.push(Object.freeze({ coordinate, responseKey, values: Object.freeze(values), batchSize, decisionsPerItem: decisions }));
      }
    }
    if (skipped) return;
    if (node.name.value !== '__typename' && !parentType.name.startsWith('__')) {
      fields.push(Object.freeze({ coordinate, parentType, fieldDef, node }));
      const servicesOf = SERVICE_ARGUMENTS[coordinate];
      if (servicesOf) {
        const args = argumentsOf(fieldDef, node);
        serviceArguments.push(
          Object.freeze(
            args instanceof GraphQLError
              ? { coordinate, services: Object.freeze([]), error: args }
              : { coordinate, services: Object.freeze(servicesOf(args)) },
          ),
        );
      }
      if (getNamedType(fieldDef.type).name === 'Recognition') selectsRecognition = true;
    }
    const type = getNamedType(fieldDef.type);
    if (node.selectionSet && isCompositeType(type)) walk(node.selectionSet, type, false);
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, skipped: boolean): void => {
    // Below the root a skipped selection holds nothing of interest.
    const root = parentType === queryType;
    for (const selection of selectionSet.selections) {
      const isSkipped = skipped || !included(selection);
      if (isSkipped && !root) continue;
      if (selection.kind === Kind.FIELD) {
        walkField(selection, parentType, isSkipped);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (isCompositeType(type)) walk(selection.selectionSet, type, isSkipped);
      } else {
        const fragment = fragments.get(selection.name.value);
        const seen = isSkipped ? reached.skipped : reached.included;
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          pending.push({ fragment, skipped: isSkipped });
        }
      }
    }
  };

  const rootType = schema.getRootType(operation.operation);
  if (rootType) walk(operation.selectionSet, rootType, false);
  for (let next = pending.shift(); next; next = pending.shift()) {
    const type = schema.getType(next.fragment.typeCondition.name.value);
    if (isCompositeType(type)) walk(next.fragment.selectionSet, type, next.skipped);
  }

  const permitIds = permitArguments.flatMap((a) => a.values).filter((v): v is string => typeof v === 'string');
  return Object.freeze({
    operation,
    fields: Object.freeze(fields),
    variables: variables && Object.freeze({ ...variables }),
    variableErrors: Object.freeze([...(coerced.errors ?? [])]),
    permitArguments: Object.freeze(permitArguments),
    permitIds: Object.freeze(permitIds),
    serviceArguments: Object.freeze(serviceArguments),
    selectsRecognition,
  });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The field `name` of `parentType` as validation resolves it, meta-fields included. */
function fieldDefOf(schema: GraphQLSchema, parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name && parentType === schema.getQueryType()) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name && parentType === schema.getQueryType()) return TypeMetaFieldDef;
  if (name === '__typename') return undefined;
  return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
}

function coordinateOf(parentType: GraphQLCompositeType, fieldName: string): string {
  if (isObjectType(parentType) || isInterfaceType(parentType)) {
    const declaring = parentType.getInterfaces().find((i) => Object.hasOwn(i.getFields(), fieldName));
    if (declaring) return `${declaring.name}.${fieldName}`;
  }
  return `${parentType.name}.${fieldName}`;
}
