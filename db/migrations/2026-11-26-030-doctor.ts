// The doctor's workstation: a prescription signed over a recorded allergy keeps the
// doctor's reason (过敏强制开具理由). Frozen once landed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE orders ADD COLUMN allergy_override_reason TEXT`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The doctor migration cannot be reverted; restore the pre-migration backup instead');
}
