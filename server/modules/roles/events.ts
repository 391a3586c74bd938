// Events published by the roles module.
import { publish } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const ROLE_CHANGED = EVENTS.roleChanged;

export function roleChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(ROLE_CHANGED, { id, action }, [rooms.admin()]);
}
