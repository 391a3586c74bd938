// Events published by stock documents (names and payloads live in the shared contract).
import { publish } from '../../realtime/bus.js';
import { INVENTORY_EVENTS, type StockDocPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export { INVENTORY_EVENTS };

/** `stock:doc` to the document's location and its counterpart (a transfer's receiving side, a requisition's store). */
export function stockDocChanged(p: StockDocPayload) {
  const to = [rooms.pharmacy(p.locationId)];
  if (p.counterpartId !== null && p.counterpartId !== p.locationId) to.push(rooms.pharmacy(p.counterpartId));
  return publish(INVENTORY_EVENTS.docChanged, p, to);
}
