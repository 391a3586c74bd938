// Printing (issue 9 items 17, 18): whether a job was partly printed is kept apart from its
// last error. `partial_count` counts the attempts that may have left part of the job on
// paper (interrupted mid-job, unconfirmed, or found mid-print at start) and `partial_at` the
// last one; a reprint clears the error but keeps them, so the copy that prints is headed by
// the void notice. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`ALTER TABLE print_jobs ADD COLUMN partial_count INTEGER NOT NULL DEFAULT 0 CHECK (partial_count >= 0)`)
    .execute(db);
  await sql.raw(`ALTER TABLE print_jobs ADD COLUMN partial_at INTEGER`).execute(db);
  // Jobs saved before this migration marked a partial attempt only in last_error.
  await sql
    .raw(
      `UPDATE print_jobs SET partial_count = 1, partial_at = updated_at WHERE last_error LIKE '[部分已打印]%' OR last_error LIKE '服务在打印中停止%'`,
    )
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The printing migration cannot be reverted; restore the pre-migration backup instead');
}
