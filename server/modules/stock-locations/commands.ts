// Commands of the stock-locations module that others call (through its index.ts): it owns
// stock_locations and location_doc_types (server/modules/owners.ts).
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

/** A pharmacy nobody has edited yet (version 1) becomes the inpatient pharmacy (住院药房). */
export async function makeInpatientPharmacy(db: Db | Trx, departmentId: number): Promise<void> {
  await db
    .updateTable('stock_locations')
    .set({ role: 'inpatient_pharmacy' })
    .where('department_id', '=', departmentId)
    .where('role', '=', 'outpatient_pharmacy')
    .where('version', '=', 1)
    .execute();
}
