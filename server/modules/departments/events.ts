// Events published by the departments module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const DEPARTMENT_CHANGED = EVENTS.departmentChanged;

export function departmentChanged(
  id: number,
  action: EntityChangedPayload['action'],
): DomainEvent<EntityChangedPayload> {
  return { name: DEPARTMENT_CHANGED, rooms: [rooms.admin()], payload: { id, action } };
}
