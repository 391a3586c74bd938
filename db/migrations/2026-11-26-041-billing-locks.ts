// Billing locks in the database itself, behind the ledger's own rules: a closed shift
// receives no bill or payment and its totals never change; an invoice book's range and
// owner never change and its next number only moves forward, and a used-up or retired
// book never comes back. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TRIGGER payments_closed_shift BEFORE INSERT ON payments
     WHEN EXISTS (SELECT 1 FROM shifts WHERE id = NEW.shift_id AND closed_at IS NOT NULL)
     BEGIN SELECT RAISE(ABORT, 'payments: the shift is closed'); END`,
  `CREATE TRIGGER bills_closed_shift BEFORE INSERT ON bills
     WHEN EXISTS (SELECT 1 FROM shifts WHERE id = NEW.shift_id AND closed_at IS NOT NULL)
     BEGIN SELECT RAISE(ABORT, 'bills: the shift is closed'); END`,
  `CREATE TRIGGER shifts_closed_frozen BEFORE UPDATE ON shifts
     WHEN OLD.closed_at IS NOT NULL
     BEGIN SELECT RAISE(ABORT, 'shifts: a closed shift cannot change'); END`,
  `CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
     BEGIN SELECT RAISE(ABORT, 'shifts: a shift is never deleted'); END`,
  `CREATE TRIGGER invoice_books_guard BEFORE UPDATE ON invoice_books
     WHEN NEW.next_no < OLD.next_no OR NEW.start_no <> OLD.start_no OR NEW.end_no <> OLD.end_no
       OR NEW.prefix <> OLD.prefix OR NEW.cashier_user_id <> OLD.cashier_user_id
       OR (OLD.status <> 'active' AND NEW.status <> OLD.status)
       OR (OLD.status <> 'active' AND NEW.next_no <> OLD.next_no)
     BEGIN SELECT RAISE(ABORT, 'invoice_books: numbers are never reused'); END`,
  `CREATE TRIGGER invoice_books_no_delete BEFORE DELETE ON invoice_books
     BEGIN SELECT RAISE(ABORT, 'invoice_books: a book is never deleted'); END`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The billing-locks migration cannot be reverted; restore the pre-migration backup instead');
}
