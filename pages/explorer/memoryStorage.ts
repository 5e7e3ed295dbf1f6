/**
 * GraphiQL's storage (tabs, queries, variables, history, favourites) in the page's memory
 * only, gone when the page is: variables carry permit numbers and presentation codes,
 * headers the bearer token, and `localStorage` would keep them on a shared counter
 * machine for the next person at it (GraphiQL persists to `localStorage` unless given a
 * storage of its own).
 */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
  };
}
