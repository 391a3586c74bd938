// Events published by the stock-locations module.
import { publish } from '../../realtime/bus.js';
import { STOCK_LOCATION_EVENTS, type StockLocationChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const STOCK_LOCATION_CHANGED = STOCK_LOCATION_EVENTS.changed;

/** To `admin` and the location's own `pharmacy:<id>` room (its station shows the documents it may make). */
export function stockLocationChanged(id: number, action: StockLocationChangedPayload['action']) {
  return publish(STOCK_LOCATION_CHANGED, { id, action }, [rooms.admin(), rooms.pharmacy(id)]);
}
