// Events published by the equipment module.
import type { DomainEvent } from '../../realtime/bus.js';
import { EQUIPMENT_EVENTS, type EquipmentChangedPayload } from '../../realtime/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function equipmentChanged(id: number, action: EquipmentChangedPayload['action']): DomainEvent<EquipmentChangedPayload> {
  return { name: EQUIPMENT_EVENTS.changed, rooms: [rooms.admin()], payload: { id, action } };
}
