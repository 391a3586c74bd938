// Events published by the equipment module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EQUIPMENT_EVENTS, type EquipmentChangedPayload, type EquipmentDuePayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function equipmentChanged(
  id: number,
  action: EquipmentChangedPayload['action'],
): DomainEvent<EquipmentChangedPayload> {
  return { name: EQUIPMENT_EVENTS.changed, rooms: [rooms.admin()], payload: { id, action } };
}

export function equipmentDue(payload: EquipmentDuePayload): DomainEvent<EquipmentDuePayload> {
  return { name: EQUIPMENT_EVENTS.due, rooms: [rooms.admin()], payload };
}
