// Events published by the users module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const USER_CHANGED = EVENTS.userChanged;

export function userChanged(id: number, action: EntityChangedPayload['action']): DomainEvent<EntityChangedPayload> {
  return { name: USER_CHANGED, rooms: [rooms.admin()], payload: { id, action } };
}
