// The institution settings kept in memory (issue 10 item 6): they were read from the database
// and deep-merged over the defaults on every request, often several times in one write. The
// server attaches one cache to its database; reads through that database or any transaction
// on it (Kysely shares one dialect adapter between the two, the cache's key) get the merged
// object from memory. It is dropped by `settings:changed` once that commits, and it is checked
// against the stored JSON with one prepared primary-key read (about a microsecond), so a
// writer that sends no event — a test writing the row, the demo seed, `cli` in another
// process — is seen on the next read too, and a transaction sees its own uncommitted change.
// A database without an attached cache (tools, some tests) reads as before.
import type SQLite from 'better-sqlite3';
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { EventBus } from '../../realtime/bus.js';
import { SETTINGS_CHANGED } from './events.js';

interface Entry {
  read: SQLite.Statement<[string], { value_json: string }>;
  /** Per settings key: the stored JSON the value was built from, and the value. */
  values: Map<string, { json: string | undefined; value: unknown }>;
  hits: number;
  misses: number;
}

const entries = new WeakMap<object, Entry>();

function keyOf(q: Db | Trx): object {
  return q.getExecutor().adapter;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * Keeps the merged settings of `db` in memory from now on; `bus` (when given) drops them on
 * `settings:changed`. Returns the function that detaches the cache.
 */
export function attachSettingsCache(db: Db, raw: SQLite.Database, bus?: EventBus): () => void {
  const entry: Entry = {
    read: raw.prepare('SELECT value_json FROM settings WHERE key = ?'),
    values: new Map(),
    hits: 0,
    misses: 0,
  };
  const key = keyOf(db);
  entries.set(key, entry);
  const detachBus = bus?.attach({
    publish(events) {
      for (const e of events) if (e.name === SETTINGS_CHANGED) entry.values.clear();
    },
  });
  return () => {
    detachBus?.();
    if (entries.get(key) === entry) entries.delete(key);
  };
}

/**
 * The value built by `build` from the stored JSON of `settingsKey`, from memory while the
 * stored JSON is unchanged; the value is frozen (callers copy before changing it). Without an
 * attached cache: `build(await readJson())`.
 */
export async function cachedSetting<T>(
  q: Db | Trx,
  settingsKey: string,
  readJson: () => Promise<string | undefined>,
  build: (json: string | undefined) => T,
): Promise<T> {
  const entry = entries.get(keyOf(q));
  if (!entry) return build(await readJson());
  const json = entry.read.get(settingsKey)?.value_json;
  const hit = entry.values.get(settingsKey);
  if (hit && hit.json === json) {
    entry.hits++;
    return hit.value as T;
  }
  entry.misses++;
  const value = deepFreeze(build(json));
  entry.values.set(settingsKey, { json, value });
  return value;
}

/** Reads served from memory and rebuilt, for tests and the health figures. */
export function settingsCacheStats(db: Db): { hits: number; misses: number } | null {
  const e = entries.get(keyOf(db));
  return e ? { hits: e.hits, misses: e.misses } : null;
}
