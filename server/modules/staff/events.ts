// Events published by the staff module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const STAFF_CHANGED = EVENTS.staffChanged;

export function staffChanged(id: number, action: EntityChangedPayload['action']): DomainEvent<EntityChangedPayload> {
  return { name: STAFF_CHANGED, rooms: [rooms.admin()], payload: { id, action } };
}
