import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { isRefusal } from '../../common/errorCodes';
import { yrdError } from '../../common/errors';
import { isService } from '../../common/services';
import type { GatewayContext } from '../GatewayContext';
import type { AuditOutcome, AuditRecord } from './AuditRecord';
import type { AuditLog } from './createAuditLog';

/**
 * Appends exactly one audit record per request of a known partner, whatever it asked
 * and however it ended — refusals included (parse, validation, limits, purpose,
 * arguments), since a refusal is an access attempt. Requests refused while the context
 * is built (rate limit, reference headers) are recorded there, by `auditEdgeRefusal`.
 * The record is built from the gateway's own data only: see `recordOf`. Fails closed:
 * while the log can write nowhere, an operation naming a permit is refused
 * `AUDIT_UNAVAILABLE` (503) before planning, and that refusal is recorded like any other;
 * the first such operation to find the stores gone (answered before anyone knew) has its
 * data withheld the same way, and its record says so.
 */
export function auditTrail(log: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        // Fail closed: no permit is read unless its record can be kept.
        async didResolveOperation({ contextValue: ctx }) {
          if (ctx.analysis?.permitArguments.length && !log.available()) {
            throw yrdError('AUDIT_UNAVAILABLE', {}, { wholeRequest: true });
          }
        },
        async willSendResponse({ contextValue: ctx, response }) {
          if (!ctx.partner || ctx.audit.recorded || response.body.kind !== 'single') return;
          ctx.audit.recorded = true;
          const result = response.body.singleResult;
          const hasData = result.data !== null && result.data !== undefined;
          const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_ERROR'));
          // No record kept, no personal data out: the answer waits for its record.
          const releases = hasData && !!ctx.analysis?.permitArguments.length;
          const withheld = () => recordOf(ctx, ['AUDIT_UNAVAILABLE'], false);
          const written = await log.append(recordOf(ctx, codes, hasData), releases ? withheld : undefined);
          if (releases && !written) {
            result.data = null;
            result.errors = [yrdError('AUDIT_UNAVAILABLE').toJSON()];
            response.http.status = 503;
          }
        },
      };
    },
  };
}

/**
 * Records a request refused while its context was built, once its partner is known
 * (`RATE_LIMITED`, a malformed `X-Case-Id`/`X-Officer-Id`): the whole-request error is
 * rethrown by the caller. Resolves once recorded (see `AuditLog.append`).
 */
export async function auditEdgeRefusal(log: AuditLog, ctx: GatewayContext, error: unknown): Promise<void> {
  if (!ctx.partner || ctx.audit.recorded) return;
  ctx.audit.recorded = true;
  const code = (error as Partial<GraphQLError>)?.extensions?.code;
  await log.append(recordOf(ctx, [typeof code === 'string' ? code : 'INTERNAL_ERROR'], false));
}

/**
 * The record of one request, from the gateway's own data: the permits the analysed
 * arguments name; the fields the analysis found, by schema coordinate (so aliases
 * change nothing), listed only when data went out and, if a fetch failed, a city still
 * answered; the hub's decisions and the failed fetches as the transport noted them. The purpose
 * is kept only when it names a service; the audit's own id beside the caller's.
 */
export function recordOf(ctx: GatewayContext, errorCodes: string[], hasData: boolean): AuditRecord {
  const outcome: AuditOutcome =
    errorCodes.length === 0 ? 'OK' : hasData ? 'PARTIAL' : errorCodes.every(isRefusal) ? 'REFUSED' : 'ERROR';
  const { analysis, audit } = ctx;
  // A failed region released nothing: list fields only when data went out and, if a
  // fetch failed, some city still served an entity (from the cache, stale, counts).
  const released = (outcome === 'OK' || outcome === 'PARTIAL') && (audit.failures.length === 0 || audit.answered.size > 0);
  const fields = released && analysis ? analysis.fields.map((f) => f.coordinate) : [];
  const purpose = ctx.purpose?.trim();
  return {
    time: ctx.receivedAt,
    requestId: ctx.auditId,
    callerRequestId: ctx.callerRequestId ?? null,
    partnerId: ctx.partner?.id ?? '',
    officerId: ctx.officerId ?? null,
    purpose: isService(purpose) ? purpose : null,
    caseId: ctx.caseId ?? null,
    permitIds: analysis ? [...analysis.permitIds] : [],
    fields: [...new Set(fields)].sort(),
    decisions: [...audit.decisions],
    failures: [...audit.failures],
    outcome,
    errorCodes,
  };
}
