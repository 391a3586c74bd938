// Commands of the workstations module that other modules call (through its index.ts). It owns the
// workstations table (server/modules/owners.ts): nothing else inserts into it.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { WorkstationsTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** A workstation row as given (the demo's workstations); its id. */
export async function insertWorkstation(db: Db | Trx, row: Insertable<WorkstationsTable>): Promise<number> {
  const r = await db.insertInto('workstations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
