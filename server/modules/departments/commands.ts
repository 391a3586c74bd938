// Commands of the departments module that other modules call (through its index.ts). It owns the
// departments table (server/modules/owners.ts): nothing else inserts into it.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { DepartmentsTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** A department row as given (the first administrator's 信息科, the demo's departments); its id. */
export async function insertDepartment(db: Db | Trx, row: Insertable<DepartmentsTable>): Promise<number> {
  const r = await db.insertInto('departments').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
