/** Drops every `headers` member, at any depth, from a JSON value GraphiQL stores. */
function withoutHeaders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHeaders);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'headers').map(([k, v]) => [k, withoutHeaders(v)]));
  }
  return value;
}

/**
 * GraphiQL's storage (tabs, history, favourites) in `localStorage` under our own prefix,
 * with every `headers` member removed before it is written: the headers carry the bearer
 * token, which must stay in the page's memory. GraphiQL drops tab headers itself when
 * told not to persist them, but its history plugin keeps each run's headers.
 */
export function headerlessStorage(prefix = 'yrd-explorer:'): Storage {
  const keys = () => Object.keys(localStorage).filter((k) => k.startsWith(prefix));
  return {
    get length() {
      return keys().length;
    },
    key: (i: number) => keys()[i]?.slice(prefix.length) ?? null,
    getItem: (key: string) => localStorage.getItem(prefix + key),
    setItem: (key: string, value: string) => {
      let stored = value;
      try {
        stored = JSON.stringify(withoutHeaders(JSON.parse(value)));
      } catch {
        // Not JSON (a plain flag): nothing to strip.
      }
      localStorage.setItem(prefix + key, stored);
    },
    removeItem: (key: string) => localStorage.removeItem(prefix + key),
    clear: () => keys().forEach((k) => localStorage.removeItem(k)),
  };
}
