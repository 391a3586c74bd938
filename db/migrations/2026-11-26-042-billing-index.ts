// Billing: today's bills are listed by time (GET /api/billing/bills?day=), which needs an
// index on bills(at) once years of bills are kept. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE INDEX bills_at ON bills(at)`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The billing-index migration cannot be reverted; restore the pre-migration backup instead');
}
