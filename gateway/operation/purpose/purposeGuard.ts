import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { yrdError } from '../../../common/errors';
import { SERVICES, isService, type Service } from '../../../common/services';
import type { Scope } from '../../auth/partnerRegistry';
import type { SelectedField, ServiceArgument } from '../OperationAnalysis';
import type { AnalysedContext } from '../operationAnalyser';
import { deniedFields } from './checkOperationFields';
import { FIELD_POLICY, PURPOSE_FREE_ROOT_FIELDS, type FieldPolicy } from './fieldPolicy';
import { SCOPE_POLICY, requiredScope } from './scopePolicy';
import type { PartnerContext } from '../../GatewayContext';

export interface PurposeGuardOptions {
  /** Which purposes see which fields; default `FIELD_POLICY` (gateway/purpose/fieldPolicy.ts). */
  fieldPolicy?: FieldPolicy;
  /** Which fields need which token scope; default `SCOPE_POLICY`. */
  scopePolicy?: typeof SCOPE_POLICY;
}

/**
 * Binds each request to one purpose and minimises what it may see, before the query is
 * planned, so a refused request never reaches a region. In order, whole-request errors:
 * `UNAUTHENTICATED` (401) without a verified partner in the context; `BAD_REQUEST` (400)
 * when `operationName` names no operation or the operation is not a query; `SCOPE_NOT_GRANTED`
 * (403, `extensions.missing`) for a field whose scope the token lacks;
 * `PURPOSE_NOT_GRANTED` (403, `extensions.reason`) when `X-Purpose` is missing (and the
 * operation reads a permit), unknown, not granted, or differs from a `service` argument;
 * `FIELD_NOT_PERMITTED` (403, `extensions.fields`) listing every field the purpose may not see.
 * Reads the operation from the context's `analysis`: list `operationAnalyser()` before it.
 */
export function purposeGuard<TContext extends PartnerContext & AnalysedContext = PartnerContext & AnalysedContext>(
  options: PurposeGuardOptions = {},
): ApolloServerPlugin<TContext> {
  const fieldPolicy = options.fieldPolicy ?? FIELD_POLICY;
  const scopePolicy = options.scopePolicy ?? SCOPE_POLICY;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, contextValue }) {
          const { partner, claims, purpose: declared, analysis } = contextValue as PartnerContext & AnalysedContext;
          if (!partner || !claims) {
            throw yrdError('UNAUTHENTICATED', { reason: 'MISSING_TOKEN' }, { wholeRequest: true });
          }
          // Unchecked, these reached the planner (or threw here) and answered 500. The
          // operation name is the caller's text: not echoed.
          if (!operation) {
            throw yrdError('BAD_REQUEST', {}, { detail: 'operationName names no operation of the document.', wholeRequest: true });
          }
          if (operation.operation !== 'query') {
            throw yrdError('BAD_REQUEST', {}, { detail: 'Only queries are served.', wholeRequest: true });
          }
          if (!analysis) throw new Error('purposeGuard needs operationAnalyser() listed before it');
          if (analysis.variableErrors.length > 0) {
            const detail = analysis.variableErrors.map((e) => e.message).join(' ');
            throw yrdError('BAD_USER_INPUT', {}, { detail, wholeRequest: true });
          }
          checkScopes(analysis.fields, claims.scopes, scopePolicy);
          const purpose = checkPurpose(schema, analysis.fields, declared, claims.purposes);
          if (purpose === undefined) return;
          // What the entity cache partitions on (cachePartition.ts), not the raw header.
          (contextValue as PartnerContext).grantedPurpose = purpose;
          checkServiceArguments(analysis.serviceArguments, purpose);
          const denied = deniedFields(analysis.fields, purpose, fieldPolicy);
          if (denied.length > 0) {
            throw yrdError(
              'FIELD_NOT_PERMITTED',
              { purpose, fields: denied },
              { detail: `${purpose} may not see ${denied.join(', ')}.`, wholeRequest: true },
            );
          }
        },
      };
    },
  };
}

function checkScopes(fields: readonly SelectedField[], granted: readonly Scope[], policy: typeof SCOPE_POLICY): void {
  // A field any of whose scopes is granted is open; for the others, the least scope is named.
  const unmet = fields.map((f) => requiredScope(f, policy)).filter((any) => any !== undefined && !any.some((s) => granted.includes(s)));
  const missing = [...new Set(unmet.map((any) => any![0]!))].sort();
  if (missing.length > 0) {
    throw yrdError('SCOPE_NOT_GRANTED', { missing, granted: [...granted] }, { detail: `Missing: ${missing.join(', ')}.`, wholeRequest: true });
  }
}

/** The declared purpose once it is valid and granted; `undefined` for an operation that needs none and names none. */
function checkPurpose(
  schema: GraphQLSchema,
  fields: readonly SelectedField[],
  declared: string | undefined,
  granted: readonly Service[],
): Service | undefined {
  const value = declared?.trim();
  if (!value) {
    const readsPermits = fields.some(
      (f) =>
        f.parentType === schema.getQueryType() &&
        !f.fieldDef.name.startsWith('__') &&
        !PURPOSE_FREE_ROOT_FIELDS.includes(f.fieldDef.name),
    );
    if (!readsPermits) return undefined;
    throw yrdError('PURPOSE_NOT_GRANTED', { reason: 'MISSING' }, { detail: 'Send the X-Purpose header.', wholeRequest: true });
  }
  if (!isService(value)) {
    // The header is not echoed: it is the caller's text, not a value of ours.
    throw yrdError('PURPOSE_NOT_GRANTED', { reason: 'UNKNOWN', known: [...SERVICES] }, { wholeRequest: true });
  }
  if (!granted.includes(value)) {
    throw yrdError(
      'PURPOSE_NOT_GRANTED',
      { reason: 'NOT_GRANTED', purpose: value, granted: [...granted] },
      { detail: `${value} is not granted to this partner.`, wholeRequest: true },
    );
  }
  return value;
}

/**
 * A partner asks on behalf of one purpose at a time, so a decision for another service
 * would reveal what that purpose may not see.
 */
function checkServiceArguments(serviceArguments: readonly ServiceArgument[], purpose: Service): void {
  for (const { coordinate, services, error } of serviceArguments) {
    if (error) throw yrdError('BAD_USER_INPUT', {}, { detail: error.message, wholeRequest: true });
    const others = [...new Set(services.filter((s) => s !== purpose))].map(String);
    if (others.length > 0) {
      throw yrdError(
        'PURPOSE_NOT_GRANTED',
        { reason: 'SERVICE_MISMATCH', purpose, services: others, field: coordinate },
        { detail: `${coordinate} asks for ${others.join(', ')} under purpose ${purpose}.`, wholeRequest: true },
      );
    }
  }
}
