// An outbox row resent after the insurer refused it because the operator's sign-in was lost at the
// insurer (issue 11: its restart, a sign-in from another device, its day rolling over first): the
// adapter signs in again (9001) and resends the refused call ONCE under a new msgid, as a new row
// whose retry_of names the refused one. Only a definite refusal (infcode -1, nothing applied) is
// ever resent; an unknown outcome never is. Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE insurance_calls ADD COLUMN retry_of INTEGER REFERENCES insurance_calls(id)').execute(db);
  await sql
    .raw('CREATE INDEX insurance_calls_retry_of ON insurance_calls(retry_of) WHERE retry_of IS NOT NULL')
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS insurance_calls_retry_of').execute(db);
  await sql.raw('ALTER TABLE insurance_calls DROP COLUMN retry_of').execute(db);
}
