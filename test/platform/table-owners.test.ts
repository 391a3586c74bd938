// Issue 10 item 1: one owner per table. Every table of db/schema.ts has an owner in
// server/modules/owners.ts, and no source file outside the owner inserts, updates or deletes it
// (the scan and what it covers: test/helpers/table-writers.ts).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ownerOfFile, TABLE_OWNERS } from '../../server/modules/owners.js';
import { describe as say, findWrites, foreignWrites, scannedFiles, schemaTables } from '../helpers/table-writers.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('table owners (issue 10 item 1)', () => {
  it('every table of db/schema.ts has an owner, and every owner exists', () => {
    const tables = schemaTables(fs.readFileSync(path.join(root, 'db/schema.ts'), 'utf8'));
    expect(tables.length).to.be.greaterThan(40);
    const missing = tables.filter((t) => !(t in TABLE_OWNERS));
    expect(missing, `tables with no owner in server/modules/owners.ts: ${missing.join(', ')}`).to.deep.equal([]);
    const gone = Object.keys(TABLE_OWNERS).filter((t) => !tables.includes(t));
    expect(gone, `owners.ts names tables that db/schema.ts does not have: ${gone.join(', ')}`).to.deep.equal([]);
    for (const owner of new Set(Object.values(TABLE_OWNERS)))
      if (owner !== 'platform')
        expect(fs.existsSync(path.join(root, 'server/modules', owner)), `owner ${owner} is no module folder`).to.equal(
          true,
        );
  });

  it('no source file writes a table it does not own', () => {
    const files = scannedFiles(root);
    expect(files).to.include('server/lib/uow.ts');
    expect(files.some((f) => f.startsWith('demo/'))).to.equal(true);
    expect(files.some((f) => f.startsWith('db/migrations/'))).to.equal(false);
    const found = files.flatMap((f) => foreignWrites(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(found.map(say), `\n${found.map(say).join('\n')}\n`).to.deep.equal([]);
  });

  describe('the check on synthetic sources (it fails on a deliberate violation)', () => {
    it('knows the owner of a file', () => {
      expect(ownerOfFile('server/modules/billing/repo.ts')).to.equal('billing');
      expect(ownerOfFile('server/lib/uow.ts')).to.equal('platform');
      expect(ownerOfFile('server/realtime/bus.ts')).to.equal('platform');
      expect(ownerOfFile('server/jobs/housekeeping.ts')).to.equal('none');
      expect(ownerOfFile('demo/demo.ts')).to.equal('none');
    });

    it('names file, line, table and owner of a Kysely write by another module', () => {
      const src = [
        "import { sql } from 'kysely';",
        'export async function pay(db) {',
        "  await db.updateTable('orders').set({ status: 'paid' }).execute();",
        '  await db',
        "    .insertInto('bills')",
        '    .values({})',
        '    .execute();',
        "  await db.deleteFrom('print_jobs').execute();",
        '}',
      ].join('\n');
      const found = foreignWrites('server/modules/pharmacy/repo.ts', src);
      expect(found.map((w) => [w.line, w.table, w.owner, w.writer])).to.deep.equal([
        [3, 'orders', 'orders', 'pharmacy'],
        [5, 'bills', 'billing', 'pharmacy'],
        [8, 'print_jobs', 'printing', 'pharmacy'],
      ]);
      expect(say(found[0]!)).to.equal(
        "server/modules/pharmacy/repo.ts:3 writes orders (updateTable('orders')) but orders belongs to orders: " +
          'call server/modules/orders/index.ts instead',
      );
      // the owner itself may write
      expect(foreignWrites('server/modules/orders/lifecycle.ts', src).map((w) => w.table)).to.deep.equal([
        'bills',
        'print_jobs',
      ]);
    });

    it('finds raw SQL writes, multi-line ones too, and ignores reads, comments and prose', () => {
      const src = [
        "raw.prepare('INSERT INTO stock_moves (lot_id) VALUES (?)');",
        'const q = sql`',
        '  UPDATE',
        '    stock_lots',
        '  SET qty_on_hand = 0`;',
        "db.exec('insert or replace into settings (key) values (1)');",
        "db.exec('REPLACE INTO sessions VALUES (1)');",
        'db.exec(`DELETE FROM "event_log" WHERE at < 1`);',
        '// UPDATE users SET password_hash = 1 (a comment)',
        '/* DELETE FROM patients */',
        "const msg = 'update patients first';",
        "db.prepare('SELECT * FROM stock_lots WHERE id = ?');",
        "db.prepare('INSERT INTO not_a_table (x) VALUES (1)');",
      ].join('\n');
      const found = foreignWrites('server/modules/registration/repo.ts', src);
      expect(found.map((w) => [w.line, w.table, w.owner])).to.deep.equal([
        [1, 'stock_moves', 'inventory'],
        [3, 'stock_lots', 'inventory'],
        [6, 'settings', 'settings'],
        [7, 'sessions', 'auth'],
        [8, 'event_log', 'platform'],
      ]);
    });

    it('a demo seed or a job writing directly is a violation; the platform writes its own tables', () => {
      const src =
        "await tx.db.insertInto('patients').values(v).execute();\nsql`INSERT INTO event_log (at) VALUES (1)`;";
      expect(foreignWrites('demo/outpatient-demo.ts', src).map((w) => w.table)).to.deep.equal([
        'patients',
        'event_log',
      ]);
      expect(foreignWrites('server/jobs/housekeeping.ts', src).map((w) => w.table)).to.deep.equal([
        'patients',
        'event_log',
      ]);
      expect(foreignWrites('server/lib/uow.ts', src).map((w) => w.table)).to.deep.equal(['patients']);
      expect(foreignWrites('server/modules/patients/repo.ts', src).map((w) => w.table)).to.deep.equal(['event_log']);
    });

    it('a table missing from the map is reported', () => {
      const schema = 'export interface Database {\n  settings: SettingsTable;\n  wards: WardsTable;\n}\n';
      const tables = schemaTables(schema);
      expect(tables).to.deep.equal(['settings', 'wards']);
      expect(tables.filter((t) => !(t in TABLE_OWNERS))).to.deep.equal(['wards']);
      // and a write to it is seen once it has an owner
      expect(findWrites('x.ts', "db.insertInto('wards')", new Set(tables)).map((w) => w.table)).to.deep.equal([
        'wards',
      ]);
    });
  });
});
