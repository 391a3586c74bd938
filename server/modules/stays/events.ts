// Events published by the stays module: `stay:changed` with the stay's summary, to its ward's room (and
// the ward it left, on a transfer) and the cashier.
import { STAY_EVENTS, type StayChangeAction, type StaySummary } from '../../../core/contract.js';
import { publish } from '../../realtime/bus.js';
import { rooms } from '../../realtime/rooms.js';

export const STAY_CHANGED = STAY_EVENTS.changed;

export function stayChanged(stay: StaySummary, action: StayChangeAction, alsoWardId?: number) {
  const to = [rooms.ward(stay.wardId), rooms.cashier()];
  if (alsoWardId !== undefined && alsoWardId !== stay.wardId) to.push(rooms.ward(alsoWardId));
  return publish(STAY_CHANGED, { action, stay }, to);
}
