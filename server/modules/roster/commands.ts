// Commands of the roster module that others call (through its index.ts): the roster module owns
// the roster table (server/modules/owners.ts). The demo seed rosters its doctors here.
import type { Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { RosterTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

/** One roster row, unless the same doctor is rostered there that day already; 1 added, or 0. */
export async function addRosterRow(db: Db | Trx, row: Insertable<RosterTable>): Promise<number> {
  const res = await db
    .insertInto('roster')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}
