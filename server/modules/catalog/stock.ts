// Stock on hand as the day sees it: the sum of a location's non-expired lots of an item
// (expiry_date >= today; a lot is usable through its expiry date). Used by the catalog
// search, the doctor's stock hints and anyone who needs the figure.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { listOf, listParams, preparedBySize } from '../../lib/prepared-lists.js';
import type { Trx } from '../../lib/uow.js';

/** Units on hand (smallest unit) of `itemId` at `locationId` in lots not expired on `today` (YYYY-MM-DD). */
export async function stockOnHand(db: Db | Trx, itemId: number, locationId: number, today: string): Promise<number> {
  const r = await db
    .selectFrom('stock_lots')
    .select(sql<number>`coalesce(sum(qty_on_hand), 0)`.as('n'))
    .where('item_id', '=', itemId)
    .where('location_id', '=', locationId)
    .where('expiry_date', '>=', today)
    .where('qty_on_hand', '>', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The per-item sums of `n` items, prepared per list length (issue 10: built once, not per call). */
const onHandManyQ = preparedBySize((db, p: Record<string, unknown>, n) =>
  db
    .selectFrom('stock_lots')
    .select(['item_id', sql<number>`sum(qty_on_hand)`.as('n')])
    .where('item_id', 'in', listOf<number>(p, 'id', n))
    .where('location_id', '=', p.locationId as number)
    .where('expiry_date', '>=', p.today as string)
    .where('qty_on_hand', '>', 0)
    .groupBy('item_id'),
);

/** The same figure for many items at once (items without stock are 0). */
export async function stockOnHandMany(
  db: Db | Trx,
  itemIds: number[],
  locationId: number,
  today: string,
): Promise<Map<number, number>> {
  const out = new Map<number, number>(itemIds.map((id) => [id, 0]));
  if (!itemIds.length) return out;
  const rows = await onHandManyQ(itemIds.length).all(db, { ...listParams('id', itemIds), locationId, today });
  for (const r of rows) out.set(r.item_id, Number(r.n));
  return out;
}
