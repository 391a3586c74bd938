// Billing: a refund line points at the charge line it reverses (so "paid less refunded"
// is exact per line), and a refund bill keeps its reason. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE bill_lines ADD COLUMN reverses_line_id INTEGER REFERENCES bill_lines(id)`).execute(db);
  await sql
    .raw(`CREATE INDEX bill_lines_reverses ON bill_lines(reverses_line_id) WHERE reverses_line_id IS NOT NULL`)
    .execute(db);
  await sql.raw(`ALTER TABLE bills ADD COLUMN reason TEXT`).execute(db);
  await sql.raw(`CREATE INDEX bills_reverses ON bills(reverses_id) WHERE reverses_id IS NOT NULL`).execute(db);
  await sql.raw(`CREATE INDEX invoice_books_cashier ON invoice_books(cashier_user_id, status)`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The billing migration cannot be reverted; restore the pre-migration backup instead');
}
