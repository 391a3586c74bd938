// Events published by the patients module: no personal data in the payload, only the id.
import type { DomainEvent } from '../../realtime/bus.js';
import { PATIENT_EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const PATIENT_CHANGED = PATIENT_EVENTS.changed;

export function patientChanged(id: number, action: 'created' | 'updated'): DomainEvent<EntityChangedPayload> {
  return { name: PATIENT_CHANGED, rooms: [rooms.registration(), rooms.cashier()], payload: { id, action } };
}
