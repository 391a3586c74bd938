// Events published by the clinics and roster modules.
import { publish } from '../../realtime/bus.js';
import { QUEUE_EVENTS } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function clinicChanged(departmentId: number) {
  return publish(QUEUE_EVENTS.clinicChanged, { departmentId, day: null }, [
    rooms.registration(),
    rooms.admin(),
    rooms.dept(departmentId),
  ]);
}

export function rosterChanged(day: string, departmentIds: number[]) {
  return publish(QUEUE_EVENTS.rosterChanged, { departmentId: null, day }, [
    rooms.registration(),
    rooms.admin(),
    ...departmentIds.map((d) => rooms.dept(d)),
  ]);
}
