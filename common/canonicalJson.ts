/**
 * Canonical JSON for signing: object keys sorted by UTF-16 code unit (as RFC 8785 sorts
 * them), no insignificant whitespace, `undefined` members dropped (in the spirit of
 * RFC 8785 for the value kinds a permit record has: strings, safe integers, booleans,
 * null, arrays, plain objects). Anything else throws `TypeError`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('canonicalJson takes safe integers only');
    return String(value);
  }
  // Array.from, not map: map keeps the holes of a sparse array and would emit `[,1]`.
  if (Array.isArray(value)) return `[${Array.from(value, (v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object' && isPlainObject(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson cannot encode ${Object.prototype.toString.call(value)}`);
}

// A Date, Map or class instance has no own enumerable data and would encode as `{}`:
// a signature over it would not change when its value does.
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
