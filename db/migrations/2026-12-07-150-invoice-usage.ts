// Invoice numbers accounted for (paper-invoice practice): every number of an invoice book
// is, once taken, in the append-only ledger `invoice_usage` as
//   - 'used': issued to a charge bill (at the charge, the registration fee, the first print
//     of a bill without a number, or the kept part of a partly refunded bill);
//   - 'reprint-replacement': issued to a bill by 补打 (reprint), replacing a voided number;
//   - 'voided': a number taken out of use — an issued one (补打, 退费) or a spoiled blank (作废).
// A number is issued at most once and voided at most once (unique indexes, plus BEFORE
// INSERT guards so that INSERT OR REPLACE cannot replace a row either). `invoice_prints`
// records each print of an invoice number on a form (so a printed number is never printed
// again under the same number). Existing bills' numbers are backfilled as 'used'.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE invoice_usage (
     id INTEGER PRIMARY KEY,
     book_id INTEGER NOT NULL REFERENCES invoice_books(id),
     number INTEGER NOT NULL,
     invoice_no TEXT NOT NULL,
     bill_id INTEGER REFERENCES bills(id),
     kind TEXT NOT NULL CHECK (kind IN ('used', 'voided', 'reprint-replacement')),
     replaces_no TEXT,
     refund_bill_id INTEGER REFERENCES bills(id),
     reason TEXT,
     user_id INTEGER REFERENCES users(id),
     at INTEGER NOT NULL,
     CHECK (kind = 'voided' OR bill_id IS NOT NULL),
     CHECK (kind <> 'voided' OR reason IS NOT NULL)
   )`,
  `CREATE UNIQUE INDEX invoice_usage_issued ON invoice_usage(book_id, number) WHERE kind <> 'voided'`,
  `CREATE UNIQUE INDEX invoice_usage_voided ON invoice_usage(book_id, number) WHERE kind = 'voided'`,
  `CREATE INDEX invoice_usage_bill ON invoice_usage(bill_id, id)`,
  `CREATE INDEX invoice_usage_no ON invoice_usage(invoice_no)`,
  `CREATE INDEX invoice_usage_user_at ON invoice_usage(user_id, at)`,
  `CREATE INDEX invoice_usage_refund ON invoice_usage(refund_bill_id) WHERE refund_bill_id IS NOT NULL`,
  `CREATE TRIGGER invoice_usage_no_update BEFORE UPDATE ON invoice_usage
     BEGIN SELECT RAISE(ABORT, 'invoice_usage is append-only'); END`,
  `CREATE TRIGGER invoice_usage_no_delete BEFORE DELETE ON invoice_usage
     BEGIN SELECT RAISE(ABORT, 'invoice_usage is append-only'); END`,
  `CREATE TRIGGER invoice_usage_no_replace BEFORE INSERT ON invoice_usage
     WHEN EXISTS (SELECT 1 FROM invoice_usage WHERE id = NEW.id)
       OR EXISTS (SELECT 1 FROM invoice_usage WHERE book_id = NEW.book_id AND number = NEW.number
                  AND ((kind = 'voided') = (NEW.kind = 'voided')))
     BEGIN SELECT RAISE(ABORT, 'invoice_usage: an invoice number is issued once and voided once'); END`,
  `CREATE TRIGGER invoice_usage_in_book BEFORE INSERT ON invoice_usage
     WHEN NOT EXISTS (SELECT 1 FROM invoice_books WHERE id = NEW.book_id AND NEW.number BETWEEN start_no AND end_no)
     BEGIN SELECT RAISE(ABORT, 'invoice_usage: the number is outside its book'); END`,
  `CREATE TABLE invoice_prints (
     id INTEGER PRIMARY KEY,
     bill_id INTEGER NOT NULL REFERENCES bills(id),
     invoice_no TEXT NOT NULL,
     queue TEXT NOT NULL,
     ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
     error TEXT,
     user_id INTEGER REFERENCES users(id),
     at INTEGER NOT NULL
   )`,
  `CREATE INDEX invoice_prints_bill ON invoice_prints(bill_id, invoice_no)`,
  `CREATE TRIGGER invoice_prints_no_update BEFORE UPDATE ON invoice_prints
     BEGIN SELECT RAISE(ABORT, 'invoice_prints is append-only'); END`,
  `CREATE TRIGGER invoice_prints_no_delete BEFORE DELETE ON invoice_prints
     BEGIN SELECT RAISE(ABORT, 'invoice_prints is append-only'); END`,
  `CREATE TRIGGER invoice_prints_no_replace BEFORE INSERT ON invoice_prints
     WHEN EXISTS (SELECT 1 FROM invoice_prints WHERE id = NEW.id)
     BEGIN SELECT RAISE(ABORT, 'invoice_prints is append-only'); END`,
  // Backfill: each bill's number, found in the book whose prefix and range hold it.
  `INSERT INTO invoice_usage (book_id, number, invoice_no, bill_id, kind, replaces_no, refund_bill_id, reason, user_id, at)
   SELECT k.id, CAST(substr(b.invoice_no, length(k.prefix) + 1) AS INTEGER), b.invoice_no, b.id, 'used', NULL, NULL, NULL, b.cashier_user_id, b.at
     FROM bills b JOIN invoice_books k
       ON substr(b.invoice_no, 1, length(k.prefix)) = k.prefix
      AND length(b.invoice_no) - length(k.prefix) >= 8
      AND substr(b.invoice_no, length(k.prefix) + 1) NOT GLOB '*[^0-9]*'
      AND CAST(substr(b.invoice_no, length(k.prefix) + 1) AS INTEGER) BETWEEN k.start_no AND k.end_no
    WHERE b.invoice_no IS NOT NULL AND b.kind = 'charge'
    ORDER BY b.id`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The invoice-usage migration cannot be reverted; restore the pre-migration backup instead');
}
