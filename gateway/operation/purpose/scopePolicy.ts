import type { Scope } from '../../auth/partnerRegistry';
import type { SelectedField } from '../OperationAnalysis';

/**
 * The scope a field needs, by coordinate; `Type.*` covers the other fields of a type and
 * of the types that implement it; `null` needs none. Asking for a decision about a permit
 * (`permit(id) { recognition(...) }`) is `recognition:read`; reading the record itself
 * is `permits:read`; fields not listed need no scope.
 */
export const SCOPE_POLICY: Readonly<Record<string, Scope | null>> = {
  'Query.__schema': 'schema:explore',
  'Query.__type': 'schema:explore',
  'Query.recognise': 'recognition:read',
  'Query.recognitionPolicies': 'recognition:read',
  'ResidencePermit.recognition': 'recognition:read',
  'ResidencePermit.requestedRecognition': 'recognition:read',
  'ResidencePermit.id': null,
  'ResidencePermit.*': 'permits:read',
};

/** The scope selecting `field` needs under `policy` (default {@link SCOPE_POLICY}), if any. */
export function requiredScope(field: SelectedField, policy = SCOPE_POLICY): Scope | undefined {
  const { parentType, coordinate } = field;
  const interfaces = 'getInterfaces' in parentType ? parentType.getInterfaces().map((i) => i.name) : [];
  const candidates = [coordinate, `${parentType.name}.*`, ...interfaces.map((name) => `${name}.*`)];
  const rule = candidates.find((c) => Object.hasOwn(policy, c));
  return rule === undefined ? undefined : (policy[rule] ?? undefined);
}
