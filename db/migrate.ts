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
  const migrator = new Migrator({ db: open.db, provider: provider(set) });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
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
  if (pending.length === 0) return { applied: [], backupFile: null };
  const hasTables =
    open.file !== ':memory:' &&
    (open.raw.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'kysely_%'`).get() as { n: number }).n > 0;
  const backupFile =
    hasTables && opts.backupDir ? await backupDatabase(open, opts.backupDir, 'pre-migration', opts.backupKeep ?? 10) : null;
  const migrator = new Migrator({ db: open.db, provider: provider(set) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? pending[0] ?? 'unknown';
    throw new MigrationFailedError(failed, error, backupFile);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), backupFile };
}
