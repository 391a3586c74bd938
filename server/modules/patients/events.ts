// Events published by the patients module: no personal data in the payload, only the id.
import { publish } from '../../realtime/bus.js';
import { PATIENT_EVENTS } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const PATIENT_CHANGED = PATIENT_EVENTS.changed;

export function patientChanged(id: number, action: 'created' | 'updated') {
  return publish(PATIENT_CHANGED, { id, action }, [rooms.registration(), rooms.cashier()]);
}
