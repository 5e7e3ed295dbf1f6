import type { Scope } from '../../auth/partnerRegistry';
import type { SelectedField } from '../OperationAnalysis';

/**
 * What selecting a field needs: one scope, any one of several (an array, the least first:
 * the one `SCOPE_NOT_GRANTED` names as missing), or `null`, nothing.
 */
export type ScopeRule = Scope | readonly Scope[] | null;

/** Either scope that lets a partner name a permit at all: to read it, or to ask for a decision on it. */
const NAMES_PERMITS: readonly Scope[] = ['recognition:read', 'permits:read'];

/**
 * The scope a field needs, by coordinate; `Type.*` covers the other fields of a type and
 * of the types that implement it; `null` needs none; fields not listed need none.
 *
 * - Naming a permit at all (`permit`, `permits`, `recognise`, `verifyPresentation` and a
 *   permit's `id`) needs `recognition:read` or `permits:read`: without either, even
 *   `permits { id permit { id } }` would tell which numbers are registered.
 * - A decision (`permit(id) { recognition(...) }`, its decision, reason codes, messages
 *   and the policy's `required`) is `recognition:read`.
 * - What quotes or rests on the record's values is `permits:read` like the record itself:
 *   `Reason.observed` ("11 months", "NONE", "CLOSED") and `Recognition.eligibleFrom` (the
 *   decision date plus the months missing, so the observed months to the day).
 */
export const SCOPE_POLICY: Readonly<Record<string, ScopeRule>> = {
  'Query.__schema': 'schema:explore',
  'Query.__type': 'schema:explore',
  'Query.permit': NAMES_PERMITS,
  'Query.permits': NAMES_PERMITS,
  'Query.recognise': 'recognition:read',
  'Query.verifyPresentation': NAMES_PERMITS,
  'Query.recognitionPolicies': 'recognition:read',
  'ResidencePermit.recognition': 'recognition:read',
  'ResidencePermit.requestedRecognition': 'recognition:read',
  'ResidencePermit.id': NAMES_PERMITS,
  'ResidencePermit.*': 'permits:read',
  'Reason.observed': 'permits:read',
  'Recognition.eligibleFrom': 'permits:read',
};

/**
 * The scopes selecting `field` may be granted under `policy` (default {@link SCOPE_POLICY}),
 * any one of which suffices, the least first; `undefined` when it needs none.
 */
export function requiredScope(field: SelectedField, policy = SCOPE_POLICY): readonly Scope[] | undefined {
  const { parentType, coordinate } = field;
  const interfaces = 'getInterfaces' in parentType ? parentType.getInterfaces().map((i) => i.name) : [];
  const candidates = [coordinate, `${parentType.name}.*`, ...interfaces.map((name) => `${name}.*`)];
  const rule = candidates.find((c) => Object.hasOwn(policy, c));
  const scopes = rule === undefined ? null : policy[rule];
  if (scopes === null || scopes === undefined) return undefined;
  return typeof scopes === 'string' ? [scopes] : scopes;
}
