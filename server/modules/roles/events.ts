// Events published by the roles module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const ROLE_CHANGED = EVENTS.roleChanged;

export function roleChanged(id: number, action: EntityChangedPayload['action']): DomainEvent<EntityChangedPayload> {
  return { name: ROLE_CHANGED, rooms: [rooms.admin()], payload: { id, action } };
}
