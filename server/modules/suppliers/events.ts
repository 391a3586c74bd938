// Events published by the suppliers module.
import { publish } from '../../realtime/bus.js';
import { SUPPLIER_EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const SUPPLIER_CHANGED = SUPPLIER_EVENTS.supplierChanged;

export function supplierChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(SUPPLIER_CHANGED, { id, action }, [rooms.admin()]);
}
