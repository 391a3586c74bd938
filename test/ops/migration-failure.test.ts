// A failed migration leaves the old database as it was (and usable), a pre-migration backup
// exists, and the server refuses to start with a clear message.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../db/connection.js';
import { migrate, MigrationFailedError, pendingMigrations } from '../../db/migrate.js';
import { migrations } from '../../db/migrations/index.js';
import { tempDir } from '../helpers/server.js';
import { startMain } from './process.js';

const BROKEN = '2099-12-31-001-broken';

const brokenSet = {
  ...migrations,
  [BROKEN]: {
    async up(db: Kysely<unknown>) {
      // Does real work first, then fails half way: all of it must be rolled back.
      await sql`CREATE TABLE half_done (x INTEGER)`.execute(db);
      await sql`UPDATE settings SET value_json = '"changed"' WHERE key = 'marker'`.execute(db);
      await sql`ALTER TABLE departments ADD COLUMN broken INTEGER`.execute(db);
      throw new Error('the migration hit a bug');
    },
  },
};

describe('ops: a failing migration', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = tempDir('jiceng-migrate-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rolls back, keeps the old database usable, and leaves a pre-migration backup', async () => {
    const file = path.join(dir, 'jiceng.sqlite');
    const backups = path.join(dir, 'backups');
    const first = openDatabase(file);
    await migrate(first, { backupDir: backups });
    await first.db
      .insertInto('settings')
      .values({ key: 'marker', value_json: '"original"', updated_at: 1, updated_by: null })
      .execute();
    await first.close();

    const open = openDatabase(file);
    let error: unknown;
    try {
      await migrate(open, { backupDir: backups, backupKeep: 5, migrations: brokenSet });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(MigrationFailedError);
    const err = error as MigrationFailedError;
    expect(err.migration).to.equal(BROKEN);
    expect(err.message).to.include(BROKEN).and.include('the migration hit a bug').and.include('Nothing was changed');
    expect(err.backupFile, 'backup file').to.be.a('string');
    expect(err.message).to.include(err.backupFile!);
    expect(fs.existsSync(err.backupFile!)).to.equal(true);

    // The old database: the real migrations are all applied, nothing of the broken one is.
    expect(await pendingMigrations(open)).to.deep.equal([]);
    expect(await pendingMigrations(open, brokenSet)).to.deep.equal([BROKEN]);
    expect(open.raw.prepare(`SELECT name FROM sqlite_schema WHERE name = 'half_done'`).get()).to.equal(undefined);
    const cols = (open.raw.prepare(`PRAGMA table_info(departments)`).all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
    expect(cols).to.not.include('broken');
    const marker = await open.db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', 'marker')
      .executeTakeFirstOrThrow();
    expect(marker.value_json).to.equal('"original"');
    // ...and still takes writes.
    await open.db
      .insertInto('settings')
      .values({ key: 'after', value_json: '1', updated_at: 2, updated_by: null })
      .execute();
    expect(open.raw.pragma('integrity_check', { simple: true })).to.equal('ok');
    await open.close();

    // The backup is a complete copy taken before migrating.
    const copy = new SQLite(err.backupFile!, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).to.equal('ok');
      expect(
        (copy.prepare(`SELECT value_json FROM settings WHERE key = 'marker'`).get() as { value_json: string })
          .value_json,
      ).to.equal('"original"');
    } finally {
      copy.close();
    }
  });

  it('stops the server start with exit code 2 and a message naming the migration and the backup', async () => {
    // A database the foundation migration cannot apply to: a table of the same name exists.
    const file = path.join(dir, 'jiceng.sqlite');
    const raw = new SQLite(file);
    raw.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, note TEXT); INSERT INTO settings VALUES ('keep', 'me');`);
    raw.close();

    const proc = await startMain(dir);
    const exit = await proc.exited;
    expect(exit.code, proc.stderr()).to.equal(2);
    const stderr = proc.stderr();
    expect(stderr).to.include('Database migration "2026-11-26-001-foundation" failed');
    expect(stderr).to.include('Nothing was changed');
    const backupDir = path.join(dir, 'backups');
    const files = fs.readdirSync(backupDir).filter((f) => f.endsWith('-pre-migration.sqlite'));
    expect(files).to.have.length(1);
    expect(stderr).to.include(path.join(backupDir, files[0]!));

    const after = new SQLite(file, { readonly: true });
    try {
      expect(after.prepare(`SELECT note FROM settings WHERE key = 'keep'`).get()).to.deep.equal({ note: 'me' });
      expect(after.prepare(`SELECT name FROM sqlite_schema WHERE name = 'departments'`).get()).to.equal(undefined);
      expect(after.pragma('integrity_check', { simple: true })).to.equal('ok');
    } finally {
      after.close();
    }
  });
});
