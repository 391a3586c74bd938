// The price adjustment (调价) document and the store details of issue 9 (items 14 and 15):
// - stock_docs accepts the type 'price_adjustment' (SQLite cannot alter a CHECK, so the table
//   is rebuilt from its own stored definition: columns, indexes and triggers added by earlier
//   migrations are kept as they are), with `effective_at` (when a posted adjustment takes
//   effect) and `blind` (a stock-take whose book quantities are hidden until posting);
// - document lines carry the old and new retail price (调价), the manufacturer and approval
//   number (入库), and the count in packs + pieces stays one smallest-unit number;
// - lots keep the manufacturer and approval number of their receipt;
// - stock_revaluations: the append-only revaluation ledger (one row per lot a posted price
//   adjustment revalued: quantity × (new − old) in fen);
// - price_adjustment_applied: when a posted adjustment was applied (at once, or by the
//   scheduler when its future time came), one row per document.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const appendOnly = (table: string) => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
     BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (s: string) => sql.raw(s).execute(db);
  // ---- stock_docs: rebuilt with the new type in its CHECK ----
  const table = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'stock_docs'`.execute(db);
  const old = table.rows[0]?.sql;
  if (!old) throw new Error('migration 160: stock_docs is missing');
  const from = `'consumption','stocktake')`;
  if (!old.includes(from)) throw new Error('migration 160: unexpected stock_docs type CHECK');
  const created = old
    .replace(from, `'consumption','stocktake','price_adjustment')`)
    .replace(/^CREATE TABLE\s+"?stock_docs"?/, 'CREATE TABLE stock_docs_new');
  if (!created.startsWith('CREATE TABLE stock_docs_new'))
    throw new Error('migration 160: unexpected stock_docs definition');
  const extras = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE tbl_name = 'stock_docs' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`.execute(
    db,
  );
  // Foreign keys cannot be switched off inside the migration's transaction, so they are
  // deferred: dropping stock_docs counts every row that refers to it (document lines, other
  // documents) as a violation, and inserting the rows back into the new stock_docs — after the
  // rename, so that the references, which are by name, point at it — takes each one back.
  // Nothing refers to the table while it is dropped and the commit finds no violation.
  await run('PRAGMA defer_foreign_keys = ON');
  await run('CREATE TEMP TABLE m160_stock_docs AS SELECT * FROM stock_docs');
  await run(created);
  await run('DROP TABLE stock_docs');
  // Without the legacy mode the rename re-parses every trigger of the schema, and the triggers
  // of stock_doc_lines name stock_docs, which does not exist for that instant.
  await run('PRAGMA legacy_alter_table = ON');
  await run('ALTER TABLE stock_docs_new RENAME TO stock_docs');
  await run('PRAGMA legacy_alter_table = OFF');
  await run('INSERT INTO stock_docs SELECT * FROM temp.m160_stock_docs ORDER BY id');
  await run('DROP TABLE temp.m160_stock_docs');
  for (const e of extras.rows) await run(e.sql);

  const statements = [
    `ALTER TABLE stock_docs ADD COLUMN effective_at INTEGER`,
    `ALTER TABLE stock_docs ADD COLUMN blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0,1))`,
    `ALTER TABLE stock_doc_lines ADD COLUMN old_price_fen INTEGER CHECK (old_price_fen IS NULL OR old_price_fen >= 0)`,
    `ALTER TABLE stock_doc_lines ADD COLUMN new_price_fen INTEGER CHECK (new_price_fen IS NULL OR new_price_fen >= 0)`,
    `ALTER TABLE stock_doc_lines ADD COLUMN manufacturer TEXT`,
    `ALTER TABLE stock_doc_lines ADD COLUMN approval_no TEXT`,
    `ALTER TABLE stock_lots ADD COLUMN manufacturer TEXT`,
    `ALTER TABLE stock_lots ADD COLUMN approval_no TEXT`,
    `CREATE TABLE stock_revaluations (
       id INTEGER PRIMARY KEY,
       lot_id INTEGER NOT NULL REFERENCES stock_lots(id),
       item_id INTEGER NOT NULL REFERENCES catalog_items(id),
       location_id INTEGER NOT NULL REFERENCES departments(id),
       doc_id INTEGER NOT NULL REFERENCES stock_docs(id),
       qty INTEGER NOT NULL CHECK (qty >= 0),
       old_price_fen INTEGER NOT NULL CHECK (old_price_fen >= 0),
       new_price_fen INTEGER NOT NULL CHECK (new_price_fen >= 0),
       amount_fen INTEGER NOT NULL,
       at INTEGER NOT NULL,
       user_id INTEGER REFERENCES users(id)
     ) STRICT`,
    `CREATE INDEX stock_revaluations_lot_at ON stock_revaluations(lot_id, at)`,
    `CREATE INDEX stock_revaluations_location_at ON stock_revaluations(location_id, at)`,
    `CREATE INDEX stock_revaluations_item_at ON stock_revaluations(item_id, at)`,
    ...appendOnly('stock_revaluations'),
    `CREATE TABLE price_adjustment_applied (
       doc_id INTEGER PRIMARY KEY REFERENCES stock_docs(id),
       applied_at INTEGER NOT NULL,
       applied_by INTEGER REFERENCES users(id)
     ) STRICT`,
    ...appendOnly('price_adjustment_applied'),
    `CREATE INDEX stock_docs_pending_price ON stock_docs(type, status, effective_at)`,
  ];
  for (const s of statements) await run(s);
}

export async function down(): Promise<void> {
  throw new Error('The price adjustment migration cannot be reverted; restore the pre-migration backup instead');
}
