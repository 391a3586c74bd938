// Commands of the suppliers module that others call (through its index.ts): it owns the
// suppliers table (server/modules/owners.ts).
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { SuppliersTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** A supplier row as given (the demo's suppliers). */
export async function insertSupplierRow(db: Db | Trx, row: Insertable<SuppliersTable>): Promise<void> {
  await db.insertInto('suppliers').values(row).execute();
}
