// Events published by the users module.
import { publish } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const USER_CHANGED = EVENTS.userChanged;

export function userChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(USER_CHANGED, { id, action }, [rooms.admin()]);
}
