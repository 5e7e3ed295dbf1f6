import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { getArgumentValues } from 'graphql';
import { ERROR_CODES } from '../../../common/errorCodes';
import { yrdError } from '../../../common/errors';
import { formatError } from '../../../common/formatError';
import { readPresentationCode, type PresentationClaims } from '../../../common/presentationCode';
import { isService } from '../../../common/services';
import type { GatewayContext } from '../../GatewayContext';
import type { SelectedField } from '../OperationAnalysis';
import { CONSENT_POLICY, FIELDS_WITHOUT_CODE, PLAIN_LOOKUPS, type ConsentPolicy } from './consentPolicy';
import type { UsedCodes } from './usedCodes';

export interface PresentationGuardOptions {
  usedCodes: UsedCodes;
  /** Default {@link CONSENT_POLICY}; `{}` enforces no consent (CONSENT_MODE=off). */
  consent?: ConsentPolicy;
  /** Epoch seconds; default now (tests pass a clock). */
  now?: () => number;
}

const VERIFY = 'Query.verifyPresentation';
const PERMIT_OF_CODE = 'PresentationVerification.permit';

/** Whether `@skip` or `@include` may leave the field out at run time. */
const conditional = (f: SelectedField) => (f.node.directives ?? []).some((d) => d.name.value === 'skip' || d.name.value === 'include');

/**
 * The gateway's part of a presented code (docs/presentation-codes.md). The hub verifies
 * the signature, key and lifetime (it holds the trust registry and is the decider); the
 * gateway checks what only it knows, the caller:
 *
 * - before planning, whole-request refusals: consent mode (`CONSENT_REQUIRED`, 403: a
 *   plain lookup selecting personal data under a purpose whose policy requires a code),
 *   then for `verifyPresentation` an unreadable code or two different codes in one
 *   request (`CODE_INVALID`), an expired one (`CODE_EXPIRED`), one for another purpose
 *   than `X-Purpose` (`CODE_PURPOSE_MISMATCH`) or another audience than the partner or
 *   its region (`CODE_AUDIENCE_MISMATCH`), a `verifyPresentation` that does not select its
 *   `permit` (`BAD_REQUEST`: the checks alone would vouch for a permit revoked since) —
 *   nothing is fetched for them;
 * - after execution, before the answer leaves: when the hub verified the code (the
 *   answer holds the presentation), records the nonce for the code's remaining life; a
 *   code recorded before gets `CODE_ALREADY_USED` (409) instead of the answer; when the
 *   record cannot be written (Redis down or hung), `CODE_CHECK_UNAVAILABLE` (503) instead,
 *   and the code stays usable. A code the hub refused (bad signature, untrusted key), or
 *   whose caller is gone before the answer, releases nothing and records nothing.
 *
 * List after `purposeGuard` (the purpose is valid by then).
 */
export function presentationGuard(options: PresentationGuardOptions): ApolloServerPlugin<GatewayContext> {
  const consent = options.consent ?? CONSENT_POLICY;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return {
    async requestDidStart() {
      let presented: { claims: PresentationClaims; responseKeys: string[] } | undefined;
      return {
        async didResolveOperation({ contextValue }) {
          const { analysis, purpose, partner } = contextValue;
          if (!analysis) return;
          checkConsent(analysis.fields.map((f) => f.coordinate), purpose, consent);
          const uses = analysis.fields.filter((f) => f.coordinate === VERIFY);
          if (uses.length === 0) return;
          // The checks alone would vouch for a code whose permit is revoked or suspended since:
          // a code is answered with its permit's live record, or refused (PERMIT_NOT_PRESENTABLE).
          if (!analysis.fields.some((f) => f.coordinate === PERMIT_OF_CODE && !conditional(f))) {
            throw yrdError('BAD_REQUEST', {}, { detail: '(verifyPresentation must select permit: a code is answered with its live record)', wholeRequest: true });
          }
          const codes = new Set(uses.map((f) => String(getArgumentValues(f.fieldDef, f.node, analysis.variables as Record<string, unknown>).code)));
          if (codes.size !== 1) throw yrdError('CODE_INVALID', {}, { detail: '(one code per request)', wholeRequest: true });
          const claims = readPresentationCode([...codes][0] ?? '');
          if (!claims) throw yrdError('CODE_INVALID', {}, { wholeRequest: true });
          if (claims.expiresAt <= now()) throw yrdError('CODE_EXPIRED', { expiresAt: new Date(claims.expiresAt * 1000).toISOString() }, { wholeRequest: true });
          if (claims.purpose !== purpose?.trim()) {
            throw yrdError('CODE_PURPOSE_MISMATCH', { codePurpose: claims.purpose }, { wholeRequest: true });
          }
          if (claims.audience !== undefined && claims.audience !== partner?.id && claims.audience !== partner?.region) {
            throw yrdError('CODE_AUDIENCE_MISMATCH', {}, { wholeRequest: true });
          }
          presented = { claims, responseKeys: uses.map((f) => f.node.alias?.value ?? f.node.name.value) };
          contextValue.presentedPermitId = claims.permitId;
        },
        async executionDidStart(requestContext) {
          if (!presented) return;
          const { claims, responseKeys } = presented;
          return {
            async executionDidEnd() {
              // Spent only when its answer is sent: a caller gone by now (it gave up on a hang) receives nothing.
              if (!released(requestContext, responseKeys) || requestContext.contextValue.clientGone?.()) return;
              const first = await options.usedCodes.claim(claims.nonce, claims.expiresAt - now()).catch(() => undefined);
              if (first) return;
              // Unknown (the record could not be written) withholds the answer like a reuse; the code stays usable.
              const code = first === undefined ? 'CODE_CHECK_UNAVAILABLE' : 'CODE_ALREADY_USED';
              requestContext.response.body = { kind: 'single', singleResult: { data: null, errors: [formatError(yrdError(code).toJSON())] } };
              requestContext.response.http.status = ERROR_CODES[code].httpStatus;
            },
          };
        },
      };
    },
  };
}

/**
 * Consent mode: a plain lookup under a purpose that requires a code selects only the
 * record's public fields, never a decision (`extensions.fields` lists the rest).
 */
function checkConsent(coordinates: readonly string[], declared: string | undefined, consent: ConsentPolicy): void {
  const purpose = declared?.trim();
  const rule = isService(purpose) ? consent[purpose] : undefined;
  if (!rule?.requirePresentedCode || !coordinates.some((c) => PLAIN_LOOKUPS.has(c))) return;
  const personal = [...new Set(coordinates.filter((c) => !rule.publicFieldsWithoutCode || !FIELDS_WITHOUT_CODE.has(c)))];
  if (personal.length > 0) {
    throw yrdError('CONSENT_REQUIRED', { purpose: purpose ?? null, fields: personal }, { detail: `(${personal.join(', ')})`, wholeRequest: true });
  }
}

/**
 * True when the answer releases anything of a presented field: the code was used. Errors
 * elsewhere do not matter — or a caller could add a failing field to replay a code — and a
 * permit its region could not serve still used the code (fail closed: the holder shows a
 * new one).
 */
function released(requestContext: GraphQLRequestContext<GatewayContext>, responseKeys: readonly string[]): boolean {
  const body = requestContext.response.body;
  if (body?.kind !== 'single') return false;
  return responseKeys.some((k) => body.singleResult.data?.[k] != null);
}
