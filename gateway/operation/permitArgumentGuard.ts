import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULTS } from '../../common/defaults';
import { yrdError } from '../../common/errors';
import { parsePermitNumber } from '../../common/permitNumber';
import type { GatewayContext } from '../GatewayContext';
import type { PermitArgument } from './OperationAnalysis';

/**
 * Rejects, before any planning, what must never leave the gateway: an operation naming a
 * permit without `X-Case-Id` and `X-Officer-Id` (`BAD_REQUEST`), a malformed permit
 * number or one of an unconnected region in `permit(id:)` (`INVALID_PERMIT_NUMBER`,
 * `UNKNOWN_ISSUER`), and batches over the limit (`BATCH_TOO_LARGE`). Batches with some
 * bad ids go on: each bad item gets its own error from the hub, without a region call.
 * Reads the root fields from the context's `analysis` (`operationAnalyser()`).
 */
export function permitArgumentGuard(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query' || !contextValue.analysis) return;
          if (contextValue.analysis.permitArguments.length > 0) checkReferences(contextValue);
          contextValue.analysis.permitArguments.forEach(checkPermitArgument);
        },
      };
    },
  };
}

/**
 * Whoever names a permit says for which case and which officer (`X-Case-Id`,
 * `X-Officer-Id`): the audit record must name both, so an operation naming a permit
 * without them is refused (`BAD_REQUEST`), and that refusal is itself audited.
 */
function checkReferences({ caseId, officerId }: GatewayContext): void {
  const missing = [caseId ? undefined : 'X-Case-Id', officerId ? undefined : 'X-Officer-Id'].filter((h) => h !== undefined);
  if (missing.length > 0) {
    throw yrdError('BAD_REQUEST', { missing }, { detail: `(send ${missing.join(' and ')} with every request naming a permit)`, wholeRequest: true });
  }
}

function checkPermitArgument({ coordinate, responseKey, values, batchSize, error }: PermitArgument): void {
  if (error) throw yrdError('BAD_USER_INPUT', {}, { detail: error.message, path: [responseKey], wholeRequest: true });
  if (coordinate === 'Query.permit') {
    const parsed = parsePermitNumber(values[0]);
    if (!parsed.ok) {
      throw yrdError(parsed.code, {}, { detail: `(${parsed.reason})`, path: [responseKey], wholeRequest: true });
    }
  }
  if (batchSize !== undefined && batchSize > DEFAULTS.maxBatchItems) {
    throw yrdError('BATCH_TOO_LARGE', { max: DEFAULTS.maxBatchItems, got: batchSize }, { path: [responseKey], wholeRequest: true });
  }
}
