// Events published by the suppliers module.
import type { DomainEvent } from '../../realtime/bus.js';
import { SUPPLIER_EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const SUPPLIER_CHANGED = SUPPLIER_EVENTS.supplierChanged;

export function supplierChanged(id: number, action: EntityChangedPayload['action']): DomainEvent<EntityChangedPayload> {
  return { name: SUPPLIER_CHANGED, rooms: [rooms.admin()], payload: { id, action } };
}
