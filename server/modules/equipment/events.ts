// Events published by the equipment module.
import { publish } from '../../realtime/bus.js';
import { EQUIPMENT_EVENTS, type EquipmentChangedPayload, type EquipmentDuePayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function equipmentChanged(id: number, action: EquipmentChangedPayload['action']) {
  return publish(EQUIPMENT_EVENTS.changed, { id, action }, [rooms.admin()]);
}

export function equipmentDue(payload: EquipmentDuePayload) {
  return publish(EQUIPMENT_EVENTS.due, payload, [rooms.admin()]);
}
