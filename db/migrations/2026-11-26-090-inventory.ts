// The drug store (药库) and pharmacies as stock locations: dictionary fields the store needs,
// invoice categorization (发票归类), stock locations and the documents each uses (单据使用设置),
// and stock documents (入库 / 请领 / 调拨 / 退货 / 报损 / 消耗 / 盘点) drafted then posted.
// Posted documents and their lines are immutable (triggers); a correction is a reversing
// document. Stock itself stays in stock_lots + the append-only stock_moves (migration 002).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const DOC_TYPES = `'receipt','requisition','transfer','supplier_return','loss','consumption','stocktake'`;

const statements: string[] = [
  // ---- Dictionary fields ----
  `ALTER TABLE catalog_items ADD COLUMN approval_no TEXT`,
  `ALTER TABLE catalog_items ADD COLUMN purchase_price_fen INTEGER CHECK (purchase_price_fen IS NULL OR purchase_price_fen >= 0)`,
  `ALTER TABLE catalog_items ADD COLUMN reorder_level INTEGER NOT NULL DEFAULT 0 CHECK (reorder_level >= 0)`,
  // 发票归类: 1 once an administrator saved the item's invoice (charge) category; items
  // created or imported later start at 0 (shown red) and cannot be charged until saved.
  `ALTER TABLE catalog_items ADD COLUMN invoice_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (invoice_confirmed IN (0,1))`,
  `UPDATE catalog_items SET purchase_price_fen = (
     SELECT l.purchase_price_fen FROM stock_lots l WHERE l.item_id = catalog_items.id ORDER BY l.id DESC LIMIT 1)`,
  `CREATE INDEX catalog_items_invoice ON catalog_items(charge_category, invoice_confirmed)`,

  // ---- Stock locations: a store or pharmacy department, its role and who supplies it ----
  `CREATE TABLE stock_locations (
     department_id INTEGER PRIMARY KEY REFERENCES departments(id),
     role TEXT NOT NULL CHECK (role IN ('store','outpatient_pharmacy','inpatient_pharmacy')),
     supplied_by_id INTEGER REFERENCES departments(id),
     version INTEGER NOT NULL DEFAULT 1,
     updated_at INTEGER NOT NULL,
     CHECK (supplied_by_id IS NULL OR supplied_by_id <> department_id)
   ) STRICT`,
  // 单据使用设置: the document types a location uses (no row: the location cannot make that document).
  `CREATE TABLE location_doc_types (
     location_id INTEGER NOT NULL REFERENCES departments(id),
     doc_type TEXT NOT NULL CHECK (doc_type IN (${DOC_TYPES})),
     created_at INTEGER NOT NULL,
     PRIMARY KEY (location_id, doc_type)
   ) STRICT`,
  `INSERT INTO stock_locations (department_id, role, supplied_by_id, updated_at)
     SELECT d.id, CASE d.kind WHEN 'store' THEN 'store' ELSE 'outpatient_pharmacy' END,
            CASE d.kind WHEN 'store' THEN NULL ELSE (SELECT s.id FROM departments s WHERE s.kind = 'store' AND s.active = 1 ORDER BY s.id LIMIT 1) END,
            CAST(unixepoch('subsec') * 1000 AS INTEGER)
     FROM departments d WHERE d.kind IN ('store','pharmacy')`,
  `INSERT INTO location_doc_types (location_id, doc_type, created_at)
     SELECT d.id, t.doc_type, CAST(unixepoch('subsec') * 1000 AS INTEGER)
     FROM departments d JOIN (
       SELECT 'store' AS kind, 'receipt' AS doc_type UNION ALL SELECT 'store', 'transfer'
       UNION ALL SELECT 'store', 'supplier_return' UNION ALL SELECT 'store', 'loss'
       UNION ALL SELECT 'store', 'consumption' UNION ALL SELECT 'store', 'stocktake'
       UNION ALL SELECT 'pharmacy', 'requisition' UNION ALL SELECT 'pharmacy', 'transfer'
       UNION ALL SELECT 'pharmacy', 'loss' UNION ALL SELECT 'pharmacy', 'stocktake'
     ) t ON t.kind = d.kind`,

  // ---- Stock documents ----
  `CREATE TABLE stock_docs (
     id INTEGER PRIMARY KEY,
     doc_no TEXT NOT NULL UNIQUE,
     type TEXT NOT NULL CHECK (type IN (${DOC_TYPES})),
     status TEXT NOT NULL CHECK (status IN ('draft','posted','cancelled')),
     location_id INTEGER NOT NULL REFERENCES departments(id),
     counterpart_id INTEGER REFERENCES departments(id),
     supplier_id INTEGER REFERENCES suppliers(id),
     supplier_invoice_no TEXT,
     reason TEXT,
     note TEXT,
     requisition_id INTEGER REFERENCES stock_docs(id),
     reverses_id INTEGER UNIQUE REFERENCES stock_docs(id),
     snapshot_move_id INTEGER,
     snapshot_at INTEGER,
     created_by INTEGER NOT NULL REFERENCES users(id),
     created_at INTEGER NOT NULL,
     posted_by INTEGER REFERENCES users(id),
     posted_at INTEGER,
     version INTEGER NOT NULL DEFAULT 1,
     updated_at INTEGER NOT NULL,
     CHECK ((status = 'posted') = (posted_at IS NOT NULL))
   ) STRICT`,
  `CREATE INDEX stock_docs_location ON stock_docs(location_id, status, created_at)`,
  `CREATE INDEX stock_docs_counterpart ON stock_docs(counterpart_id, status, created_at)`,
  `CREATE INDEX stock_docs_requisition ON stock_docs(requisition_id)`,
  `CREATE TABLE stock_doc_lines (
     id INTEGER PRIMARY KEY,
     doc_id INTEGER NOT NULL REFERENCES stock_docs(id),
     line_no INTEGER NOT NULL,
     item_id INTEGER NOT NULL REFERENCES catalog_items(id),
     lot_id INTEGER REFERENCES stock_lots(id),
     lot_no TEXT,
     expiry_date TEXT CHECK (expiry_date IS NULL OR expiry_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
     purchase_price_fen INTEGER CHECK (purchase_price_fen IS NULL OR purchase_price_fen >= 0),
     quantity INTEGER,
     snapshot_qty INTEGER,
     counted_qty INTEGER CHECK (counted_qty IS NULL OR counted_qty >= 0),
     counted_by INTEGER REFERENCES users(id),
     counted_at INTEGER,
     reason TEXT,
     UNIQUE (doc_id, line_no)
   ) STRICT`,
  `CREATE INDEX stock_doc_lines_item ON stock_doc_lines(item_id)`,
  `CREATE INDEX stock_doc_lines_lot ON stock_doc_lines(lot_id)`,
  // Posted documents are immutable; a cancelled draft stays as it was.
  `CREATE TRIGGER stock_docs_immutable BEFORE UPDATE ON stock_docs WHEN OLD.status IN ('posted','cancelled')
     BEGIN SELECT RAISE(ABORT, 'stock_docs: a posted or cancelled document is immutable'); END`,
  `CREATE TRIGGER stock_docs_no_delete BEFORE DELETE ON stock_docs
     BEGIN SELECT RAISE(ABORT, 'stock_docs: documents are never deleted'); END`,
  `CREATE TRIGGER stock_doc_lines_immutable BEFORE UPDATE ON stock_doc_lines
     WHEN (SELECT status FROM stock_docs WHERE id = OLD.doc_id) IN ('posted','cancelled')
     BEGIN SELECT RAISE(ABORT, 'stock_doc_lines: the document is posted or cancelled'); END`,
  `CREATE TRIGGER stock_doc_lines_no_delete BEFORE DELETE ON stock_doc_lines
     WHEN (SELECT status FROM stock_docs WHERE id = OLD.doc_id) IN ('posted','cancelled')
     BEGIN SELECT RAISE(ABORT, 'stock_doc_lines: the document is posted or cancelled'); END`,
  `CREATE TRIGGER stock_doc_lines_no_insert BEFORE INSERT ON stock_doc_lines
     WHEN (SELECT status FROM stock_docs WHERE id = NEW.doc_id) IN ('posted','cancelled')
     BEGIN SELECT RAISE(ABORT, 'stock_doc_lines: the document is posted or cancelled'); END`,

  // Reports read moves by location and time; the covering index keeps a month's report off the table.
  `CREATE INDEX stock_moves_location_at ON stock_moves(location_id, at, item_id, lot_id, qty_delta, reason)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The inventory migration cannot be reverted; restore the pre-migration backup instead');
}
