// Events published by the departments module.
import { publish } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const DEPARTMENT_CHANGED = EVENTS.departmentChanged;

export function departmentChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(DEPARTMENT_CHANGED, { id, action }, [rooms.admin()]);
}
