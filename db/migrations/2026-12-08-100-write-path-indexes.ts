// Indexes the write paths and their screens were missing (issue 10 item 6), found by running
// the registration, signing, charge, refund, dispense and posting tests with every statement
// recorded and reading each one's EXPLAIN QUERY PLAN, and by checking every foreign key:
// - bill_lines(registration_id): every registration, and a cancellation, looked up the fee's
//   line by scanning all bill lines (28 ms at a year's 455k lines, 0.07 ms indexed);
// - invoice_usage(book_id, kind, number): the next invoice number of a charge read the book's
//   voided numbers by scanning all usage rows (its partial indexes do not serve a bound kind);
// - stock_revaluations(doc_id, amount_fen): every stock document shown summed its revaluation
//   by scanning the whole ledger, and deleting a draft scanned it for the foreign key;
// - dispensations(pharmacy_id, kind, at): the pharmacy's list of the day's dispensings;
// - visits(doctor_staff_id, status): the doctor's open consultations;
// - shifts(cashier_user_id, closed_at): a cashier's closed shifts.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const INDEXES = [
  'CREATE INDEX bill_lines_registration ON bill_lines(registration_id) WHERE registration_id IS NOT NULL',
  'CREATE INDEX invoice_usage_book_kind ON invoice_usage(book_id, kind, number)',
  'CREATE INDEX stock_revaluations_doc ON stock_revaluations(doc_id, amount_fen)',
  'CREATE INDEX dispensations_pharmacy_at ON dispensations(pharmacy_id, kind, at)',
  'CREATE INDEX visits_doctor_status ON visits(doctor_staff_id, status)',
  'CREATE INDEX shifts_cashier ON shifts(cashier_user_id, closed_at)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const ddl of INDEXES) await sql.raw(ddl).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'bill_lines_registration',
    'invoice_usage_book_kind',
    'stock_revaluations_doc',
    'dispensations_pharmacy_at',
    'visits_doctor_status',
    'shifts_cashier',
  ])
    await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db);
}
