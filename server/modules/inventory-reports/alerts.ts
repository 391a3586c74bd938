// Live stock alerts shared by every writer of stock (documents, dispensing): an item whose
// on-hand at a location crossed its reorder level downwards in this write is pushed as
// `stock:alert` (kind below_reorder) to that location's room. Only the crossing is pushed,
// not every later change while it stays low (the alert list page shows the standing state).
import type { DomainEvent } from '../../realtime/bus.js';
import { INVENTORY_EVENTS, type StockAlertPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';
import type { Trx } from '../../lib/uow.js';

export interface OnHandChange {
  itemId: number;
  locationId: number;
  /** Non-expired on hand (smallest units) before and after the write. */
  before: number;
  after: number;
}

/** An item's reorder level as the writer already read it (code and name for the alert). */
export interface ReorderItem {
  id: number;
  code: string;
  name: string;
  reorder_level: number;
}

/**
 * The below-reorder alerts these changes call for (one event per location); emit them with
 * tx.emit. `known`: the items' reorder levels when the writer has them (no read then).
 */
export async function reorderAlerts(
  db: Trx,
  changes: OnHandChange[],
  known?: ReadonlyMap<number, ReorderItem>,
): Promise<DomainEvent<typeof INVENTORY_EVENTS.alert>[]> {
  const dropped = changes.filter((c) => c.after < c.before);
  if (!dropped.length) return [];
  const ids = [...new Set(dropped.map((c) => c.itemId))];
  const items =
    known && ids.every((id) => known.has(id))
      ? ids.map((id) => known.get(id)!).filter((i) => i.reorder_level > 0)
      : await db
          .selectFrom('catalog_items')
          .select(['id', 'code', 'name', 'reorder_level'])
          .where('id', 'in', ids)
          .where('reorder_level', '>', 0)
          .execute();
  const byId = new Map(items.map((i) => [i.id, i]));
  const perLocation = new Map<number, StockAlertPayload>();
  for (const c of dropped) {
    const item = byId.get(c.itemId);
    if (!item) continue;
    if (!(c.before >= item.reorder_level && c.after < item.reorder_level)) continue;
    let p = perLocation.get(c.locationId);
    if (!p) perLocation.set(c.locationId, (p = { locationId: c.locationId, kind: 'below_reorder', items: [] }));
    p.items.push({
      itemId: item.id,
      code: item.code,
      name: item.name,
      onHand: c.after,
      reorderLevel: item.reorder_level,
    });
  }
  return [...perLocation.values()].map((payload) => ({
    name: INVENTORY_EVENTS.alert,
    rooms: [rooms.pharmacy(payload.locationId)],
    payload,
  }));
}
