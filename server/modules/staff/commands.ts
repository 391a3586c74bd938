// Commands of the staff module that other modules call (through its index.ts). It owns the
// staff table (server/modules/owners.ts): nothing else inserts into it.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { StaffTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** A staff row as given (the first administrator, the demo's staff); its id. */
export async function insertStaff(db: Db | Trx, row: Insertable<StaffTable>): Promise<number> {
  const r = await db.insertInto('staff').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
