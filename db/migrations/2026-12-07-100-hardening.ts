// Hardening (issue 9 item 5): INSERT OR REPLACE must not rewrite an append-only row.
//
// REPLACE resolves a key conflict by deleting the old row; the DELETE triggers that make the
// ledgers and the audit log append-only fire for that delete only when the connection has
// `recursive_triggers` on. Jiceng's own connections do, but a sqlite3 shell (or any other
// program) does not. So every append-only / ledger / audit table gets a BEFORE INSERT
// trigger that refuses an insert whose key — the primary key or any unique key (a partial
// unique index with its condition) — is already taken: a plain INSERT would fail on the key
// anyway, and REPLACE can no longer turn into a delete. Tables created by later migrations
// add the same guard themselves: test/platform/append-only-replace.test.ts checks that every
// table whose rows are never deleted has one.
import { sql, type Kysely } from 'kysely';

interface Guard {
  table: string;
  /** SQL conditions (on NEW) meaning "this insert collides with an existing row". */
  collisions: string[];
}

const byId = (table: string): Guard => ({ table, collisions: [`EXISTS (SELECT 1 FROM ${table} WHERE id = NEW.id)`] });

export const GUARDS: Guard[] = [
  byId('audit_log'),
  byId('stock_moves'),
  {
    table: 'bills',
    collisions: [
      'EXISTS (SELECT 1 FROM bills WHERE id = NEW.id)',
      'EXISTS (SELECT 1 FROM bills WHERE invoice_no = NEW.invoice_no)',
    ],
  },
  byId('bill_lines'),
  byId('payments'),
  byId('dispensations'),
  byId('dispense_lines'),
  byId('equipment_log'),
  // Not append-only, but never deleted (a closed shift is frozen; a book's numbers are never reused).
  {
    table: 'shifts',
    collisions: [
      'EXISTS (SELECT 1 FROM shifts WHERE id = NEW.id)',
      'NEW.closed_at IS NULL AND EXISTS (SELECT 1 FROM shifts WHERE cashier_user_id = NEW.cashier_user_id AND closed_at IS NULL)',
    ],
  },
  byId('invoice_books'),
  {
    table: 'stock_docs',
    collisions: [
      'EXISTS (SELECT 1 FROM stock_docs WHERE id = NEW.id)',
      'EXISTS (SELECT 1 FROM stock_docs WHERE doc_no = NEW.doc_no)',
      'EXISTS (SELECT 1 FROM stock_docs WHERE reverses_id = NEW.reverses_id)',
    ],
  },
  {
    table: 'stock_doc_lines',
    collisions: [
      'EXISTS (SELECT 1 FROM stock_doc_lines WHERE id = NEW.id)',
      'EXISTS (SELECT 1 FROM stock_doc_lines WHERE doc_id = NEW.doc_id AND line_no = NEW.line_no)',
    ],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const g of GUARDS) {
    await sql
      .raw(
        `CREATE TRIGGER ${g.table}_no_replace BEFORE INSERT ON ${g.table}
           WHEN ${g.collisions.map((c) => `(${c})`).join(' OR ')}
           BEGIN SELECT RAISE(ABORT, '${g.table} is append-only: a row is never replaced (INSERT OR REPLACE refused)'); END`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const g of GUARDS) await sql.raw(`DROP TRIGGER IF EXISTS ${g.table}_no_replace`).execute(db);
}
