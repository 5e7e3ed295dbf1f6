import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  TypeInfo,
  getDirectiveValues,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
} from 'graphql';

/** One field an operation selects. */
export interface SelectedField {
  /**
   * `Type.field` (a schema coordinate). A field of an object or interface type that one of
   * its interfaces declares is named after the first such interface, so the same field
   * selected on `ResidencePermit` or on `ShanghaiPermit` has one name.
   */
  coordinate: string;
  /** The type the field was selected on. */
  parentType: GraphQLCompositeType;
  fieldDef: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/** What an operation selects, with its variables as execution will see them. */
export interface OperationSelection {
  operation: OperationDefinitionNode;
  fields: SelectedField[];
  /** Coerced variable values; `undefined` when they do not fit the operation (see `variableErrors`). */
  variables: Record<string, unknown> | undefined;
  variableErrors: readonly GraphQLError[];
}

/**
 * Every field the named operation of a validated document selects, through fragments and
 * inline fragments, under the `@skip`/`@include` conditions its variables decide (aliases
 * do not matter: a field is named by its schema coordinate). `__typename` and the fields
 * of introspection types are left out; `__schema` and `__type` are kept. A condition that
 * cannot be decided (its variable does not fit) counts as included, so nothing it guards
 * is overlooked. Each fragment is walked once however often it is spread, so a document
 * of nested spreads costs its size, not its expansion. Throws a `TypeError` when the
 * document has no such operation.
 */
export function selectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variableInputs: Readonly<Record<string, unknown>> | null | undefined,
): OperationSelection {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new TypeError(`the document has no operation ${operationName ?? '(anonymous)'}`);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...variableInputs });
  const variables = coerced.coerced;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

  const fields: SelectedField[] = [];
  const reached = new Set<string>();
  const pending: FragmentDefinitionNode[] = [];
  const included = (node: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean => {
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    } catch {
      // undecidable condition: count what it guards
    }
    return true;
  };
  const visitorFor = (typeInfo: TypeInfo): ASTVisitor =>
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!included(node)) return false;
        const parentType = typeInfo.getParentType();
        const fieldDef = typeInfo.getFieldDef();
        // Unknown fields cannot pass validation, which runs first; skip rather than guess.
        if (!parentType || !fieldDef || node.name.value === '__typename' || parentType.name.startsWith('__')) return;
        fields.push({ coordinate: coordinateOf(parentType, fieldDef.name), parentType, fieldDef, node });
      },
      InlineFragment(node) {
        if (!included(node)) return false;
      },
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && included(node) && !reached.has(fragment.name.value)) {
          reached.add(fragment.name.value);
          pending.push(fragment);
        }
      },
    });

  visit(operation, visitorFor(new TypeInfo(schema)));
  for (let fragment = pending.shift(); fragment; fragment = pending.shift()) {
    visit(fragment, visitorFor(new TypeInfo(schema)));
  }
  return { operation, fields, variables, variableErrors: coerced.errors ?? [] };
}

function coordinateOf(parentType: GraphQLCompositeType, fieldName: string): string {
  if (isObjectType(parentType) || isInterfaceType(parentType)) {
    const declaring = parentType.getInterfaces().find((i) => Object.hasOwn(i.getFields(), fieldName));
    if (declaring) return `${declaring.name}.${fieldName}`;
  }
  return `${parentType.name}.${fieldName}`;
}
