// Migrations: back the database up online, then run every pending migration in one
// transaction. A failure rolls back (the old database stays usable) and stops the start.
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { OpenDb } from './connection.js';
import { migrations as allMigrations } from './migrations/index.js';

/** The migration set to run: the real one unless a test injects another. */
export type MigrationSet = Record<string, Migration>;

function provider(set: MigrationSet): MigrationProvider {
  return { getMigrations: async () => set };
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
    readonly backupFile: string | null,
  ) {
    super(
      `Database migration "${migration}" failed: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Nothing was changed: the database is as it was before this start` +
        (backupFile ? `, and a copy taken before migrating is at ${backupFile}` : '') +
        `. Fix the cause (or install the previous version) and start again.`,
    );
  }
}

export interface MigrateResult {
  applied: string[];
  backupFile: string | null;
}

export async function pendingMigrations(open: OpenDb, set: MigrationSet = allMigrations): Promise<string[]> {
  // Every start asks twice: when Kysely's table already lists exactly the set's names, nothing
  // is pending — one SELECT, instead of the Migrator reading the metadata of every table (10–30 ms).
  if (allExecuted(open, Object.keys(set))) return [];
  const migrator = new Migrator({ db: open.db, provider: provider(set) });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

function allExecuted(open: OpenDb, names: string[]): boolean {
  let done: string[];
  try {
    done = open.raw.prepare('SELECT name FROM kysely_migration').pluck().all() as string[];
  } catch {
    return false; // no migration table yet: the Migrator creates it
  }
  if (done.length !== names.length) return false;
  const executed = new Set(done);
  return names.every((n) => executed.has(n));
}

/** Online backup with SQLite's backup API; keeps the newest `keep` files. */
export async function backupDatabase(open: OpenDb, dir: string, label: string, keep: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  // 20261126T013000123Z: sorts by time, and two backups in the same second do not collide.
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const file = path.join(dir, `jiceng-${stamp}-${label}.sqlite`);
  // Written under a temporary name and renamed: a half-written copy never looks like a backup.
  const partial = `${file}.partial`;
  try {
    await open.raw.backup(partial);
    fs.renameSync(partial, file);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  const old = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('jiceng-') && f.endsWith(`-${label}.sqlite`))
    .sort();
  for (const f of old.slice(0, Math.max(0, old.length - keep))) fs.rmSync(path.join(dir, f), { force: true });
  return file;
}

export interface MigrateOptions {
  /** Where the pre-migration backup goes; no backup without it. */
  backupDir?: string;
  backupKeep?: number;
  /** The migrations to run (tests inject a failing one); the real set by default. */
  migrations?: MigrationSet;
}

export async function migrate(open: OpenDb, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const set = opts.migrations ?? allMigrations;
  const pending = await pendingMigrations(open, set);
  if (pending.length === 0) {
    if (!opts.migrations) ensureReplaceGuards(open.raw);
    return { applied: [], backupFile: null };
  }
  const hasTables =
    open.file !== ':memory:' &&
    (
      open.raw
        .prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'kysely_%'`)
        .get() as { n: number }
    ).n > 0;
  const backupFile =
    hasTables && opts.backupDir
      ? await backupDatabase(open, opts.backupDir, 'pre-migration', opts.backupKeep ?? 10)
      : null;
  const migrator = new Migrator({ db: open.db, provider: provider(set) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? pending[0] ?? 'unknown';
    throw new MigrationFailedError(failed, error, backupFile);
  }
  if (!opts.migrations) ensureReplaceGuards(open.raw);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), backupFile };
}

/**
 * Every table whose rows are never deleted (it has a BEFORE DELETE trigger that raises) must
 * refuse INSERT OR REPLACE on any of its keys, also from connections without
 * `recursive_triggers` (see migration 2026-12-07-100-hardening). A table created later
 * without its own guard gets one here, generated from its keys and named `<table>_no_replace_auto`:
 * the primary key and every unique index (a partial one only where both the existing row
 * and the new one fall under its condition). Run after the migrations at every start;
 * returns the tables it guarded.
 */
export function ensureReplaceGuards(raw: OpenDb['raw']): string[] {
  const triggers = raw.prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as {
    name: string;
    tbl_name: string;
    sql: string;
  }[];
  const raises = (sqlText: string) => /RAISE\s*\(\s*ABORT/i.test(sqlText);
  const neverDeleted = [
    ...new Set(triggers.filter((t) => /BEFORE\s+DELETE/i.test(t.sql) && raises(t.sql)).map((t) => t.tbl_name)),
  ].sort();
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const guarded: string[] = [];
  for (const table of neverDeleted) {
    const columns = raw.prepare(`PRAGMA table_info(${q(table)})`).all() as { name: string; pk: number }[];
    const keys: { columns: string[]; where: string | null }[] = [];
    const pk = columns
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    if (pk.length) keys.push({ columns: pk, where: null });
    for (const ix of raw.prepare(`PRAGMA index_list(${q(table)})`).all() as {
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }[]) {
      if (!ix.unique || ix.origin === 'pk') continue;
      const cols = (raw.prepare(`PRAGMA index_info(${q(ix.name)})`).all() as { name: string | null }[]).map(
        (c) => c.name,
      );
      if (cols.some((c) => c === null)) continue; // an expression index: not checkable here
      let where: string | null = null;
      if (ix.partial) {
        const def = (
          raw.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).get(ix.name) as { sql: string }
        ).sql;
        where = def.slice(def.search(/\bWHERE\b/i) + 5).trim();
      }
      keys.push({ columns: cols as string[], where });
    }
    const guards = triggers.filter((t) => t.tbl_name === table && /BEFORE\s+INSERT/i.test(t.sql) && raises(t.sql));
    const covered = (k: { columns: string[] }) =>
      guards.some((g) => k.columns.every((c) => new RegExp(`\\bNEW\\.(?:"${c}"|${c}\\b)`, 'i').test(g.sql)));
    const missing = keys.filter((k) => !covered(k));
    if (!missing.length) continue;
    // NEW as a one-row table with the table's column names, so a partial index's condition
    // can be evaluated on the new row as written.
    const newRow = `(SELECT ${columns.map((c) => `NEW.${q(c.name)} AS ${q(c.name)}`).join(', ')})`;
    const collisions = missing.map((k) => {
      const same = k.columns.map((c) => `${q(c)} = NEW.${q(c)}`).join(' AND ');
      return k.where
        ? `(EXISTS (SELECT 1 ` +
            `FROM ${newRow} WHERE ${k.where}) AND EXISTS (SELECT 1 FROM ${q(table)} WHERE ${same} AND (${k.where})))`
        : `EXISTS (SELECT 1 FROM ${q(table)} WHERE ${same})`;
    });
    raw.exec(
      `CREATE TRIGGER IF NOT EXISTS ${q(`${table}_no_replace_auto`)} BEFORE INSERT ON ${q(table)}
         WHEN ${collisions.join(' OR ')}
         BEGIN SELECT RAISE(ABORT, '${table.replace(/'/g, "''")} is append-only: a row is never replaced (INSERT ` +
        `OR REPLACE refused)'); END`,
    );
    guarded.push(table);
  }
  return guarded;
}
