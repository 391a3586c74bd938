// Events published by the staff module.
import { publish } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const STAFF_CHANGED = EVENTS.staffChanged;

export function staffChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(STAFF_CHANGED, { id, action }, [rooms.admin()]);
}
