// Opens the SQLite database through Kysely's own SQLite dialect on better-sqlite3 12.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import { bindRawConnection } from './prepared.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface OpenDb {
  db: Db;
  /** The raw better-sqlite3 handle: for pragmas, backups, checkpoints and benchmarks only. */
  raw: SQLite.Database;
  file: string;
  close(): Promise<void>;
}

/** SQLite runs DDL inside transactions; Kysely's adapter says it does not, so migrations
 *  would not be atomic. This adapter tells the truth, and the Migrator wraps all pending
 *  migrations in one transaction: a failed migration leaves the old database untouched. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class JicengSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export function applyPragmas(raw: SQLite.Database): void {
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL'); // a committed payment survives a power cut
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('temp_store = MEMORY');
  // REPLACE deletes the old row; with recursive triggers on, that delete fires the
  // append-only triggers, so INSERT OR REPLACE cannot overwrite an audit or ledger row.
  raw.pragma('recursive_triggers = ON');
}

/** Kysely prepares every query anew; better-sqlite3 statements are reusable, so keep the
 *  most recent ones by SQL text (SQLite re-prepares them itself after a schema change). A hit
 *  only marks its entry used (no Map reordering on every query); when the cache is full, the
 *  oldest entry goes unless it was used since it was last looked at, which then gets a second
 *  chance at the end (the CLOCK approximation of least-recently-used). */
function withStatementCache(
  raw: SQLite.Database,
  max = 500,
): { prepare(sql: string): SQLite.Statement; close(): void } {
  const cache = new Map<string, { stmt: SQLite.Statement; used: boolean }>();
  return {
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit) {
        hit.used = true;
        return hit.stmt;
      }
      const stmt = raw.prepare(sql);
      while (cache.size >= max) {
        const [oldest, entry] = cache.entries().next().value as [string, { stmt: SQLite.Statement; used: boolean }];
        cache.delete(oldest);
        if (!entry.used) break;
        entry.used = false;
        cache.set(oldest, entry);
      }
      cache.set(sql, { stmt, used: false });
      return stmt;
    },
    close() {
      cache.clear();
      raw.close();
    },
  };
}

export function openDatabase(file: string): OpenDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SQLite(file);
  applyPragmas(raw);
  const db = new Kysely<Database>({
    dialect: new JicengSqliteDialect({ database: withStatementCache(raw) as unknown as SQLite.Database }),
  });
  bindRawConnection(db, raw); // prepared queries run on it directly (db/prepared.ts)
  let closed = false;
  return {
    db,
    raw,
    file,
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (raw.open && file !== ':memory:') raw.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        await db.destroy(); // closes the better-sqlite3 handle too
      }
    },
  };
}
