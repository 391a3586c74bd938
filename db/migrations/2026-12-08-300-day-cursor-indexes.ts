// The screens' "rows newer than the newest I show" reads (issue 10 item 6, the busy day): the
// registration desk asks for today's registrations with `after=<id>`, the doctor's queue for the
// clinic's open entries with `afterId=<id>`, once per pushed change. The day's indexes
// (registrations_day: day, department_id; queue_line: day, department_id, status, position)
// made each of these read every row of the day so far to find the new one or two (O(day): at
// 3,000 visits the p95 of the day's last tenth was 8× its first). Indexes on the day alone (and
// the clinic) end in the rowid, so `id > ?` is a range: a read costs the rows it returns.
// And each registration's check for the patient's open registration at the clinic today read
// the clinic's day (registrations_day) for one patient: registrations(patient_id, day).
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX registrations_day_cursor ON registrations(day)').execute(db);
  await sql.raw('CREATE INDEX queue_entries_day_cursor ON queue_entries(day, department_id)').execute(db);
  await sql.raw('CREATE INDEX registrations_patient_day ON registrations(patient_id, day)').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS registrations_day_cursor').execute(db);
  await sql.raw('DROP INDEX IF EXISTS queue_entries_day_cursor').execute(db);
  await sql.raw('DROP INDEX IF EXISTS registrations_patient_day').execute(db);
}
