// Devices: the only Kysely queries of this module (which workstations a reader is bound to).
import type { Db } from '../../../db/connection.js';

export interface Binding {
  readerName: string;
  workstationId: number;
  workstationName: string;
}

/** Active workstations with a card reader set (workstations.card_reader = the PC/SC name). */
export async function readerBindings(db: Db): Promise<Binding[]> {
  const rows = await db
    .selectFrom('workstations')
    .select(['id', 'name', 'card_reader'])
    .where('active', '=', 1)
    .where('card_reader', 'is not', null)
    .where('card_reader', '!=', '')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ readerName: r.card_reader!, workstationId: r.id, workstationName: r.name }));
}
