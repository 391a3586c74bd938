// Events published by the invoice-mapping module: `catalog:changed` (the items' charge
// category and confirmation) to `admin` and to every store and pharmacy room.
import { publish } from '../../realtime/bus.js';
import { INVENTORY_EVENTS } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function itemsRecategorized(ids: number[], stockRoomIds: number[]) {
  return publish(INVENTORY_EVENTS.catalogChanged, { ids, action: 'updated' }, [
    rooms.admin(),
    ...stockRoomIds.map((id) => rooms.pharmacy(id)),
  ]);
}
