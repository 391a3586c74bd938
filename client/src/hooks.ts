// Data loading and live updates for pages.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { t } from './i18n/index.js';
import { onEvent, onResync } from './socket.js';
import type { LiveEventName } from '../../core/contract.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data when deps change; a newer load wins over an older one still in flight. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const gen = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = () => {
    const my = ++gen.current;
    setLoading(true);
    loadRef.current().then(
      (d) => {
        if (my !== gen.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (my !== gen.current) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'unexpected', t('error.unexpected')));
        setLoading(false);
      },
    );
  };
  useEffect(run, deps);
  return { data, error, loading, reload: run };
}

/** Calls `fn` whenever one of the named events arrives (or the server asks for a resync). */
export function useLive(names: readonly LiveEventName[], fn: () => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const call = () => ref.current();
    const offs = names.map((n) => onEvent(n, call));
    offs.push(onResync(call));
    return () => {
      for (const off of offs) off();
    };
  }, [names.join(',')]);
}

/** A value that follows `value` after `ms` of quiet (for search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value]);
  return v;
}

/** A window keydown handler (F-keys) that always sees the latest render's state: the handler
 *  is kept in a ref assigned during render, so a key pressed right after the screen changed
 *  (before effects run) does not act on the previous state. */
export function useKeydown(fn: (e: KeyboardEvent) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const on = (e: KeyboardEvent) => ref.current(e);
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}
