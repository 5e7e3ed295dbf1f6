import { randomUUID } from 'node:crypto';
import type { Span, SpanContext } from '@opentelemetry/api';
import { newAuditNotes, type AuditNotes } from './audit/AuditNotes';
import type { AnalysedContext } from './operation/operationAnalyser';
import type { Partner } from './auth/partnerRegistry';
import type { PartnerClaims } from './auth/verifyPartnerToken';
import type { Service } from '../common/services';

/**
 * What the HTTP layer puts in the request context for the purpose guard: the verified partner
 * (spread the result of `verifyPartnerToken`), the `X-Purpose` header as sent, and the
 * case and officer the request is made for (for the audit record).
 */
export interface PartnerContext {
  partner?: Partner;
  claims?: PartnerClaims;
  /** The `X-Purpose` header as sent; the purpose guard validates it. */
  purpose?: string;
  /** The purpose once the purpose guard has validated it against the partner's grant; unset before, or when the operation needs none. */
  grantedPurpose?: Service;
  /** `X-Case-Id`: the partner's case (admission file, bill, claim) the request serves. */
  caseId?: string;
  /** `X-Officer-Id`: the partner's officer who made the request. */
  officerId?: string;
}

/**
 * The per-request context of the gateway: built by the express integration from the
 * verified token and the purpose headers, read by plugins and every subgraph data source.
 */
export interface GatewayContext extends PartnerContext, AnalysedContext {
  /** The request id of logs and the `X-Request-Id` response header: the caller's when sane, else `auditId`. */
  requestId: string;
  /** The audit's own id of the request, a UUID the gateway made whatever the caller sent. */
  auditId: string;
  /** The caller's `X-Request-Id` when it was a sane id. */
  callerRequestId?: string;
  /**
   * The request's trace: its server span's context (`traceRequests`). Every subgraph fetch
   * continues it; absent in tests that build a context by hand.
   */
  trace?: SpanContext;
  /** When the request arrived, ISO 8601 (audit). */
  receivedAt: string;
  /** What the transport notes for the audit record. */
  audit: AuditNotes;
  /**
   * The permit number of the code the request presents (`presentationGuard`): every city
   * fetch of the request is then live, never from the cache, and tells the city which
   * permit it may answer only while presentable.
   */
  presentedPermitId?: string;
  /** True once the caller's connection is closed: an answer now would reach nobody. */
  clientGone?: () => boolean;
}

/** `ids.auditId` defaults to a new UUID; `ids.span` is the request's server span. */
export function newGatewayContext(
  ids: { requestId: string; auditId?: string; callerRequestId?: string; span?: Span },
  partner: PartnerContext,
): GatewayContext {
  return {
    ...partner,
    requestId: ids.requestId,
    auditId: ids.auditId ?? randomUUID(),
    callerRequestId: ids.callerRequestId,
    trace: ids.span?.spanContext(),
    receivedAt: new Date().toISOString(),
    audit: newAuditNotes(),
  };
}
