import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  getArgumentValues,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULTS } from '../common/defaults';
import { yrdError } from '../common/errors';
import { parsePermitNumber } from '../common/permitNumber';
import type { GatewayContext } from './GatewayContext';

/**
 * Rejects, before any planning, what must never leave the gateway: a malformed permit
 * number or one of an unconnected region in `permit(id:)` (`INVALID_PERMIT_NUMBER`,
 * `UNKNOWN_ISSUER`), and batches over the limit (`BATCH_TOO_LARGE`). Batches with some
 * bad ids go on: each bad item gets its own error from the hub, without a region call.
 * Leaves the permit numbers the operation names in the context, for the audit trail.
 */
export function permitArgumentGuard(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (operation?.operation !== 'query') return;
          contextValue.permitIds = checkRootFields(schema, document, operation, request.variables ?? {});
        },
      };
    },
  };
}

const BATCH_ARGUMENTS: Record<string, string> = { permits: 'ids', recognise: 'requests' };

/** The permit numbers a root field's arguments name. */
function permitIdsOf(field: string, args: Record<string, unknown>): string[] {
  const values =
    field === 'permit' ? [args.id]
    : field === 'permits' ? (args.ids as unknown[])
    : field === 'recognise' ? (args.requests as Array<{ permitId?: unknown }>).map((r) => r.permitId)
    : [];
  return values.filter((v): v is string => typeof v === 'string');
}

function checkRootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): string[] {
  const permitIds: string[] = [];
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
        }
      } else {
        const field = queryFields[selection.name.value];
        if (!field) continue;
        const args = getArgumentValues(field, selection, variables);
        const responseKey = selection.alias?.value ?? selection.name.value;
        permitIds.push(...permitIdsOf(selection.name.value, args));
        if (selection.name.value === 'permit') {
          const parsed = parsePermitNumber(args.id);
          if (!parsed.ok) {
            throw yrdError(parsed.code, {}, { detail: `(${parsed.reason})`, path: [responseKey], wholeRequest: true });
          }
        }
        const batchArg = BATCH_ARGUMENTS[selection.name.value];
        const batch = batchArg ? args[batchArg] : undefined;
        if (Array.isArray(batch) && batch.length > DEFAULTS.maxBatchItems) {
          throw yrdError(
            'BATCH_TOO_LARGE',
            { max: DEFAULTS.maxBatchItems, got: batch.length },
            { path: [responseKey], wholeRequest: true },
          );
        }
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return permitIds;
}
