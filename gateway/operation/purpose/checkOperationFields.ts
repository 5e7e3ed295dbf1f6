import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Service } from '../../../common/services';
import { analyseOperation } from '../analyseOperation';
import type { SelectedField } from '../OperationAnalysis';
import { FIELD_POLICY, isFieldAllowed, type FieldPolicy } from './fieldPolicy';

/**
 * The fields (`Type.field`, sorted, each once) that the named operation selects and
 * `purpose` may not see under `policy` (default {@link FIELD_POLICY}); empty when the
 * operation is within the purpose. Introspection fields are not the field policy's
 * concern (the `schema:explore` scope governs them).
 */
export function checkOperationFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  purpose: Service,
  policy: FieldPolicy = FIELD_POLICY,
): string[] {
  return deniedFields(analyseOperation(schema, document, operationName, variables).fields, purpose, policy);
}

/** The coordinates among `fields` that `purpose` may not see, sorted, each once. */
export function deniedFields(fields: readonly SelectedField[], purpose: Service, policy: FieldPolicy = FIELD_POLICY): string[] {
  const denied = fields
    .map((f) => f.coordinate)
    .filter((coordinate) => !coordinate.split('.')[1]?.startsWith('__') && !isFieldAllowed(coordinate, purpose, policy));
  return [...new Set(denied)].sort();
}
