// Registration and queues: a queue entry's place in line (排队位置). It starts as the next
// place of its clinic's day and a requeued (过号重排) entry gets a new place at the back of
// the line; the queue number (挂号号) on the ticket never changes. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE queue_entries ADD COLUMN position INTEGER NOT NULL DEFAULT 0`).execute(db);
  await sql.raw(`CREATE INDEX queue_line ON queue_entries(day, department_id, status, position)`).execute(db);
  await sql.raw(`CREATE INDEX registrations_day ON registrations(day, department_id)`).execute(db);
  await sql.raw(`CREATE INDEX roster_doctor ON roster(day, doctor_staff_id)`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The registration migration cannot be reverted; restore the pre-migration backup instead');
}
