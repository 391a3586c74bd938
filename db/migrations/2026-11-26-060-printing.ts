// Printing: the print worker looks for jobs it can print (pending, with a printer) after
// every committed write. Jobs of workstations without a printer stay pending for ever, so the
// plain (status, id) index would make each look scan all of them; this partial index holds
// only the printable ones. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`CREATE INDEX print_jobs_ready ON print_jobs(id) WHERE status = 'pending' AND printer IS NOT NULL`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The printing migration cannot be reverted; restore the pre-migration backup instead');
}
