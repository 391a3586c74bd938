// The store's pages carry their ids in the query string (/store/doc?id=12): the app's router
// matches paths only, so a change of the query alone is announced through `searchTick`.
import { signal } from '@preact/signals';
import { navigate } from '../../router.js';

const searchTick = signal(0);

window.addEventListener('popstate', () => {
  searchTick.value++;
});

/** Goes to a store page (path and query) and re-renders readers of the query. */
export function go(to: string, opts: { replace?: boolean } = {}): void {
  navigate(to, opts);
  searchTick.value++;
}

/** A query-string parameter of the current address (re-read when it changes through go()). */
export function queryParam(name: string): string | null {
  void searchTick.value;
  return new URLSearchParams(location.search).get(name);
}

export function queryId(name: string): number | null {
  const v = Number(queryParam(name));
  return Number.isInteger(v) && v > 0 ? v : null;
}

export const paths = {
  list: '/store',
  newDoc: (type: string, extra: Record<string, string | number> = {}) => {
    const params = new URLSearchParams({
      type,
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])),
    });
    return `/store/docs/new?${params.toString()}`;
  },
  doc: (id: number) => `/store/doc?id=${id}`,
  stocktake: (id: number) => `/store/stocktake?id=${id}`,
};
