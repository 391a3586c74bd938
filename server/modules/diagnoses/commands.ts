// Commands of the diagnoses module that others call (through its index.ts): it owns the
// diagnoses table (server/modules/owners.ts).
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { DiagnosesTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** Diagnoses as given; a code present already is left alone (an imported catalog wins). */
export async function insertDiagnosesIfMissing(db: Db | Trx, rows: Insertable<DiagnosesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('diagnoses')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
}
