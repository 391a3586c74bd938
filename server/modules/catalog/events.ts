// Events published by the catalog module: `catalog:changed` to the admin room and to the room of
// every store and pharmacy (their pages show item names, prices and reorder levels).
import { publish } from '../../realtime/bus.js';
import { INVENTORY_EVENTS, type CatalogChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const CATALOG_CHANGED = INVENTORY_EVENTS.catalogChanged;

export function catalogChanged(ids: number[], action: CatalogChangedPayload['action'], stockRoomIds: number[]) {
  return publish(CATALOG_CHANGED, { ids, action }, [rooms.admin(), ...stockRoomIds.map((id) => rooms.pharmacy(id))]);
}
