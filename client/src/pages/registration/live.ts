// Live lists that apply pushed changes instead of reloading (the registration desk, the doctor's
// queue): typed event listeners, and a coalesced loader for the reloads that stay (resync, rows the
// page has not seen yet): one request in flight, at most one more after it, whatever the burst.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EnvelopeOf, EventName } from '../../../../core/contract.js';
import { ApiError } from '../../api.js';
import { onEvent, onResync } from '../../socket.js';

/** One listener per event name, each with that name's typed envelope (`env.payload` needs no cast). */
export type EventHandlers<K extends EventName> = { [N in K]: (env: EnvelopeOf<N>) => void };

/** Runs `load` now, or once more after the one in flight (any number of calls meanwhile: one trailing run). */
export function coalesce(load: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    load()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) run();
      });
  };
  return run;
}

/** A coalesced loader that lives as long as the component (always calling the latest `load`). */
export function useCoalesced(load: () => Promise<unknown>): () => void {
  const ref = useRef(load);
  ref.current = load;
  const run = useRef<(() => void) | null>(null);
  if (!run.current) run.current = coalesce(() => ref.current());
  return run.current;
}

/** A snapshot loaded once and reloaded through a coalesced loader; `setData` applies changes to it. */
export function useSnapshot<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const reload = useCoalesced(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', String(e)));
    } finally {
      setLoading(false);
    }
  });
  useEffect(reload, []);
  return { data, setData, error, setError, loading, reload };
}

/** Listens to these events, each with its own typed handler, and to resync (the gap was too old: reload). */
export function useEvents<K extends EventName>(handlers: EventHandlers<K>, resync: () => void): void {
  const ref = useRef({ handlers, resync });
  ref.current = { handlers, resync };
  const names = Object.keys(handlers).sort() as K[];
  useEffect(() => {
    const listen = <N extends K>(n: N) => onEvent(n, (env) => ref.current.handlers[n](env));
    const offs = names.map(listen);
    offs.push(onResync(() => ref.current.resync()));
    return () => {
      for (const off of offs) off();
    };
  }, [names.join(',')]);
}

/** Puts `rows` into `list` by id (replacing older copies), keeping the list's order function. */
export function mergeRows<T extends { id: number }>(list: T[], rows: T[], order: (a: T, b: T) => number): T[] {
  if (!rows.length) return list;
  const byId = new Map(list.map((r) => [r.id, r]));
  for (const r of rows) byId.set(r.id, r);
  return [...byId.values()].sort(order);
}
