// Events published by the invoice-mapping module: `catalog:changed` (the items' charge
// category and confirmation) to `admin` and to every store and pharmacy room.
import type { DomainEvent } from '../../realtime/bus.js';
import { INVENTORY_EVENTS, type CatalogChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function itemsRecategorized(ids: number[], stockRoomIds: number[]): DomainEvent<CatalogChangedPayload> {
  return {
    name: INVENTORY_EVENTS.catalogChanged,
    rooms: [rooms.admin(), ...stockRoomIds.map((id) => rooms.pharmacy(id))],
    payload: { ids, action: 'updated' },
  };
}
