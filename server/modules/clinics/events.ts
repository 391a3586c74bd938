// Events published by the clinics and roster modules.
import type { DomainEvent } from '../../realtime/bus.js';
import { QUEUE_EVENTS, type ClinicChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function clinicChanged(departmentId: number): DomainEvent<ClinicChangedPayload> {
  return {
    name: QUEUE_EVENTS.clinicChanged,
    rooms: [rooms.registration(), rooms.admin(), rooms.dept(departmentId)],
    payload: { departmentId, day: null },
  };
}

export function rosterChanged(day: string, departmentIds: number[]): DomainEvent<ClinicChangedPayload> {
  return {
    name: QUEUE_EVENTS.rosterChanged,
    rooms: [rooms.registration(), rooms.admin(), ...departmentIds.map((d) => rooms.dept(d))],
    payload: { departmentId: null, day },
  };
}
