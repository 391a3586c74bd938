// Migration 160 rebuilds stock_docs (a CHECK cannot be altered) on a database that already
// holds documents: lines and other documents refer to them, foreign keys are on and cannot be
// switched off inside the migration's transaction. It must keep every row, index and trigger,
// leave no foreign key broken, and accept the new type.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase, type OpenDb } from '../../../db/connection.js';
import { migrate } from '../../../db/migrate.js';
import { migrations } from '../../../db/migrations/index.js';

describe('migration 160 (price adjustment) on a database with stock documents', () => {
  let dir: string;
  let open: OpenDb;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-m160-'));
    open = openDatabase(path.join(dir, 'db.sqlite'));
  });
  after(async () => {
    await open.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the documents, lines, indexes and triggers, breaks no foreign key, and takes the new type', async () => {
    await migrate(open, {
      migrations: Object.fromEntries(Object.entries(migrations).filter(([k]) => k < '2026-12-07-160')),
    });
    const raw = open.raw;
    // Parent rows made with the checks off (only the documents matter here).
    raw.pragma('foreign_keys = OFF');
    const insert = (table: string, vals: Record<string, unknown>) => {
      const cols = raw.prepare(`PRAGMA table_info(${table})`).all() as Array<{
        name: string;
        notnull: number;
        dflt_value: unknown;
        pk: number;
      }>;
      const row: Record<string, unknown> = {};
      for (const c of cols) if (c.notnull && c.dflt_value === null && !c.pk) row[c.name] = 1;
      Object.assign(row, vals);
      const keys = Object.keys(row);
      return Number(
        raw
          .prepare(`INSERT INTO ${table} (${keys.join(',')}) VALUES (${keys.map(() => '?').join(',')})`)
          .run(...keys.map((k) => row[k] as never)).lastInsertRowid,
      );
    };
    const dept = insert('departments', {
      code: 'K1',
      name: '药库',
      kind: 'store',
      pinyin_initials: 'yk',
      pinyin_full: 'yaoku',
    });
    const staff = insert('staff', { department_id: dept, name: '张三', code: 'S1', gender: 'M' });
    const user = insert('users', { staff_id: staff, username: 'm160', password_hash: 'x' });
    const item = insert('catalog_items', {
      code: 'I1',
      kind: 'drug',
      name: '药',
      unit: '粒',
      pack_unit: '盒',
      pack_size: 24,
      price_fen: 100,
      charge_category: '09',
      drug_class: 'western',
      pinyin_initials: 'y',
      pinyin_full: 'yao',
    });
    raw.pragma('foreign_keys = ON');
    const doc = (no: string, extra: Record<string, unknown> = {}) =>
      insert('stock_docs', {
        doc_no: no,
        type: 'receipt',
        status: 'draft',
        location_id: dept,
        created_by: user,
        created_at: 1,
        updated_at: 1,
        ...extra,
      });
    const d1 = doc('RK1');
    raw.prepare('INSERT INTO stock_doc_lines (doc_id, line_no, item_id, quantity) VALUES (?, 1, ?, 5)').run(d1, item);
    const d2 = doc('RK2');
    raw.prepare('INSERT INTO stock_doc_lines (doc_id, line_no, item_id, quantity) VALUES (?, 1, ?, 7)').run(d2, item);
    raw.prepare("UPDATE stock_docs SET status = 'posted', posted_by = ?, posted_at = 2 WHERE id = ?").run(user, d2);
    doc('RK3', { reverses_id: d2 });
    const rows = () => raw.prepare('SELECT * FROM stock_docs ORDER BY id').all();
    const schemaOf = () =>
      raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE tbl_name = 'stock_docs' AND type IN ('index', 'trigger') ORDER BY name",
        )
        .pluck()
        .all();
    const docsBefore = rows();
    const linesBefore = raw.prepare('SELECT * FROM stock_doc_lines ORDER BY id').all();
    const schemaBefore = schemaOf();

    await migrate(open);

    expect(
      rows().map((r) => {
        const { effective_at: _e, blind: _b, ...rest } = r as Record<string, unknown>;
        return rest;
      }),
    ).to.deep.equal(docsBefore);
    expect(
      raw.prepare('SELECT id, doc_id, line_no, item_id, quantity FROM stock_doc_lines ORDER BY id').all(),
    ).to.deep.equal(
      (linesBefore as Array<Record<string, unknown>>).map((l) => ({
        id: l.id,
        doc_id: l.doc_id,
        line_no: l.line_no,
        item_id: l.item_id,
        quantity: l.quantity,
      })),
    );
    expect(schemaOf()).to.include.members(schemaBefore as string[]);
    expect(raw.prepare('PRAGMA foreign_key_check').all()).to.deep.equal([]);
    // Still immutable once posted; the lines' triggers still find their document.
    expect(() => raw.prepare("UPDATE stock_docs SET note = 'x' WHERE id = ?").run(d2)).to.throw(/immutable/);
    expect(() =>
      raw.prepare('INSERT INTO stock_doc_lines (doc_id, line_no, item_id, quantity) VALUES (?, 9, ?, 1)').run(d2, item),
    ).to.throw(/posted or cancelled/);
    // Foreign keys are enforced on the new table; the new type is accepted.
    expect(() => doc('X1', { created_by: 999_999 })).to.throw(/FOREIGN KEY/);
    expect(doc('TJ1', { type: 'price_adjustment' })).to.be.a('number');
  });
});
