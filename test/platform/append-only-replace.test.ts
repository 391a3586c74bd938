// Issue 9 item 5: INSERT OR REPLACE from another program must not rewrite an append-only row.
// A second, plain better-sqlite3 connection (recursive_triggers off, as in any sqlite3 shell)
// tries REPLACE on a real row of every table whose rows are never deleted — by its primary
// key and by each of its unique keys — on a database filled by the demo seed (30 days of
// registrations, bills, payments, dispensing and store documents). Nothing changes.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { expect } from 'chai';
import { openDatabase } from '../../db/connection.js';
import { ensureReplaceGuards, migrate } from '../../db/migrate.js';
import { seedDemo } from '../../demo/demo.js';
import { createUnitOfWork } from '../../server/lib/uow.js';
import { createAuthService } from '../../server/modules/auth/service.js';
import { loadConfig } from '../../server/config.js';
import { EventBus } from '../../server/realtime/bus.js';
import { systemClock } from '../../server/lib/clock.js';
import { tempDir } from '../helpers/server.js';

/** Tables with a trigger that refuses DELETE outright: their rows are never deleted. */
function neverDeleted(db: SQLite.Database): string[] {
  const rows = db.prepare(`SELECT tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as {
    tbl_name: string;
    sql: string;
  }[];
  return [
    ...new Set(
      rows.filter((r) => /BEFORE\s+DELETE/i.test(r.sql) && /RAISE\s*\(\s*ABORT/i.test(r.sql)).map((r) => r.tbl_name),
    ),
  ].sort();
}

interface UniqueKey {
  name: string;
  columns: string[];
  where: string | null;
}

function uniqueKeys(db: SQLite.Database, table: string): UniqueKey[] {
  const keys: UniqueKey[] = [];
  const pk = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk);
  if (pk.length) keys.push({ name: 'primary key', columns: pk.map((c) => c.name), where: null });
  for (const ix of db.prepare(`PRAGMA index_list("${table}")`).all() as {
    name: string;
    unique: number;
    origin: string;
    partial: number;
  }[]) {
    if (!ix.unique || ix.origin === 'pk') continue;
    const cols = (db.prepare(`PRAGMA index_info("${ix.name}")`).all() as { name: string }[]).map((c) => c.name);
    let where: string | null = null;
    if (ix.partial) {
      const def = (
        db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).get(ix.name) as { sql: string }
      ).sql;
      where = def.slice(def.search(/\bWHERE\b/i) + 5).trim();
    }
    keys.push({ name: ix.name, columns: cols, where });
  }
  return keys;
}

describe(
  'append-only tables refuse INSERT OR REPLACE from a connection without recursive triggers ' + '(issue 9 item 5)',
  () => {
    let dataDir: string;
    let file: string;
    before(async function () {
      this.timeout(300_000);
      dataDir = tempDir('jiceng-replace-');
      const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { dataDir });
      file = config.dbFile;
      const open = openDatabase(file);
      await migrate(open);
      const uow = createUnitOfWork({ db: open.db, clock: systemClock, bus: new EventBus() });
      const auth = createAuthService({ db: open.db, uow, clock: systemClock, config });
      await auth.syncBuiltinRoles();
      await auth.ensureFirstAdmin();
      await seedDemo({ db: open.db, uow, clock: systemClock });
      await open.close();
    });
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it('every never-deleted table is guarded, by its primary key and each unique key', function () {
      this.timeout(60_000);
      const shell = new SQLite(path.resolve(file));
      try {
        expect(shell.pragma('recursive_triggers', { simple: true })).to.equal(0);
        const tables = neverDeleted(shell);
        for (const t of [
          'audit_log',
          'stock_moves',
          'bills',
          'bill_lines',
          'payments',
          'dispensations',
          'dispense_lines',
          'equipment_log',
          'shifts',
          'invoice_books',
          'stock_docs',
        ]) {
          expect(tables).to.include(t);
        }
        const fingerprint = () =>
          JSON.stringify(tables.map((t) => shell.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()));
        const before = fingerprint();
        let tried = 0;
        const missing: string[] = [];
        for (const t of tables) {
          const cols = (shell.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; pk: number }[]).map(
            (c) => c.name,
          );
          for (const key of uniqueKeys(shell, t)) {
            const cond = [
              ...key.columns.map((c) => `"${c}" IS NOT NULL`),
              ...(key.where ? [`(${key.where})`] : []),
            ].join(' AND ');
            const row = shell
              .prepare(`SELECT rowid AS rid FROM "${t}" WHERE ${cond} ORDER BY rowid DESC LIMIT 1`)
              .get() as { rid: number } | undefined;
            if (!row) {
              missing.push(`${t} (${key.name})`);
              continue;
            }
            // Same row, same key: the collision is on this key only when the other unique
            // columns are left to their defaults — the primary key is kept for the primary key,
            // given a fresh value otherwise (a new rowid), so the REPLACE hits this key alone.
            const pkCols = uniqueKeys(shell, t)[0]!.columns;
            const isPk = key.name === 'primary key';
            const insertCols = isPk ? cols : cols.filter((c) => !(pkCols.length === 1 && c === pkCols[0]));
            const ins = insertCols.map((c) => `"${c}"`).join(', ');
            for (const verb of ['INSERT OR REPLACE INTO', 'REPLACE INTO']) {
              const stmt = `${verb} "${t}" (${ins}) SELECT ${ins} FROM "${t}" WHERE rowid = ${row.rid}`;
              let code = 'no error: the row was replaced';
              try {
                shell.prepare(stmt).run();
              } catch (e) {
                code = (e as { code?: string }).code ?? String(e);
              }
              // Refused by a trigger (RAISE), not merely by a constraint that REPLACE resolves.
              expect(code, stmt).to.equal('SQLITE_CONSTRAINT_TRIGGER');
              tried++;
            }
          }
        }
        // Keys with no row in the demo data to attack (e.g. no open shift): the guard must still
        // be there, a BEFORE INSERT trigger that raises and looks at every column of the key.
        const inserts = shell.prepare(`SELECT tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'`).all() as {
          tbl_name: string;
          sql: string;
        }[];
        const unguarded: string[] = [];
        for (const t of tables) {
          const guards = inserts.filter(
            (g) => g.tbl_name === t && /BEFORE\s+INSERT/i.test(g.sql) && /RAISE\s*\(\s*ABORT/i.test(g.sql),
          );
          for (const key of uniqueKeys(shell, t)) {
            const covered = guards.some((g) =>
              key.columns.every((c) => new RegExp(`\\bNEW\\.(?:"${c}"|${c}\\b)`, 'i').test(g.sql)),
            );
            if (!covered) unguarded.push(`${t} (${key.name}: ${key.columns.join(', ')})`);
          }
        }
        expect(unguarded, 'tables whose rows are never deleted need a BEFORE INSERT guard on each key').to.deep.equal(
          [],
        );
        // The insurance settlement tables are empty in the demo (settling needs the insurer): their
        // guards are checked above, they are not counted here.
        const counted = missing.filter((m) => !m.startsWith('insurance_'));
        expect(counted.length, `keys attacked for real: all but ${missing.join(', ')}`).to.be.lessThan(10);
        expect(tried).to.be.greaterThan(20);
        expect(fingerprint()).to.equal(before);
        // A plain insert with a fresh key still works (the guard refuses collisions only).
        const n = shell
          .prepare(`INSERT INTO audit_log (at, action, outcome) VALUES (?, 'test.append', 'ok')`)
          .run(Date.now());
        expect(n.changes).to.equal(1);
      } finally {
        shell.close();
      }
    });
  },
);

describe('replace guards generated for later tables (issue 9 item 5)', () => {
  it('a later table without its own guard gets one generated from its keys, partial unique indexes included', () => {
    const db = new SQLite(':memory:');
    try {
      db.exec(
        `CREATE TABLE ledger (id INTEGER PRIMARY KEY, account TEXT NOT NULL, open INTEGER NOT NULL, ref TEXT ` +
          `UNIQUE, note TEXT)`,
      );
      db.exec(`CREATE UNIQUE INDEX ledger_one_open ON ledger(account) WHERE open = 1`);
      db.exec(
        `CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN SELECT RAISE(ABORT, 'ledger is ` +
          `append-only'); END`,
      );
      db.exec(`INSERT INTO ledger (account, open, ref, note) VALUES ('a', 1, 'r1', 'first'), ('a', 0, 'r2', 'closed')`);
      expect(ensureReplaceGuards(db)).to.deep.equal(['ledger']);
      expect(ensureReplaceGuards(db), 'idempotent').to.deep.equal([]);
      const refused = (stmt: string) => {
        try {
          db.prepare(stmt).run();
          return 'replaced';
        } catch (e) {
          return (e as { code?: string }).code;
        }
      };
      expect(
        refused(`INSERT OR REPLACE INTO ledger (id, account, open, ref, note) VALUES (1, 'a', 1, 'r1', 'rewritten')`),
      ).to.equal('SQLITE_CONSTRAINT_TRIGGER');
      expect(refused(`REPLACE INTO ledger (account, open, ref, note) VALUES ('b', 0, 'r2', 'same ref')`)).to.equal(
        'SQLITE_CONSTRAINT_TRIGGER',
      );
      expect(refused(`REPLACE INTO ledger (account, open, ref, note) VALUES ('a', 1, 'r9', 'second open')`)).to.equal(
        'SQLITE_CONSTRAINT_TRIGGER',
      );
      // Outside the partial index's condition there is no collision: a closed row for 'a' is fine.
      expect(
        db.prepare(`INSERT INTO ledger (account, open, ref, note) VALUES ('a', 0, 'r3', 'closed too')`).run().changes,
      ).to.equal(1);
      expect((db.prepare(`SELECT note FROM ledger WHERE id = 1`).get() as { note: string }).note).to.equal('first');
    } finally {
      db.close();
    }
  });
});
