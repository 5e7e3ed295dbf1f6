import type { ApolloServerPlugin } from '@apollo/server';
import { isRefusal } from '../../common/errorCodes';
import type { GatewayContext } from '../GatewayContext';
import type { AuditOutcome } from './AuditRecord';
import type { AuditLog } from './createAuditLog';

/**
 * Appends one audit record per request that names a permit: who (partner, officer),
 * why (purpose, case), which permits, which fields, which decisions, how it ended —
 * refused requests included, since a refusal is an access attempt. The audit log hashes
 * the permit numbers; nothing personal reaches the log lines.
 */
export function auditTrail(log: AuditLog): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, response }) {
          const { analysis } = ctx;
          if (!analysis?.permitIds.length || !ctx.partner || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const errorCodes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_ERROR'));
          const outcome: AuditOutcome = !errors?.length
            ? 'OK'
            : data
              ? 'PARTIAL'
              : errorCodes.every(isRefusal)
                ? 'REFUSED'
                : 'ERROR';
          const fields = outcome !== 'REFUSED' ? analysis.fields.map((f) => f.coordinate) : [];
          await log.append({
            time: ctx.receivedAt,
            requestId: ctx.requestId,
            partnerId: ctx.partner.id,
            officerId: ctx.officerId ?? null,
            purpose: ctx.purpose ?? null,
            caseId: ctx.caseId ?? null,
            permitIds: [...analysis.permitIds],
            fields: [...new Set(fields)].sort(),
            decisions: decisionsIn(data),
            outcome,
            errorCodes,
          });
        },
      };
    },
  };
}

/**
 * The recognition decisions in a response, each with the permit it is about: any object
 * that holds an `id` and, under any key (aliases included), an object with a `decision`.
 */
export function decisionsIn(data: unknown): Array<{ permitId: string; decision: string }> {
  const found: Array<{ permitId: string; decision: string }> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    for (const child of Object.values(object)) {
      const decision = (child as { decision?: unknown } | null)?.decision;
      if (typeof object.id === 'string' && typeof decision === 'string') found.push({ permitId: object.id, decision });
      walk(child);
    }
  };
  walk(data);
  return found;
}
