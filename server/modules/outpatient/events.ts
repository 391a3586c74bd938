// Events published by the outpatient module to the visit's clinic room.
import type { DomainEvent } from '../../realtime/bus.js';
import type { VisitEventPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const VISIT_STARTED = 'visit:started';
export const VISIT_FINISHED = 'visit:finished';

export function visitEvent(
  name: typeof VISIT_STARTED | typeof VISIT_FINISHED,
  p: VisitEventPayload,
): DomainEvent<VisitEventPayload> {
  return { name, rooms: [rooms.dept(p.departmentId)], payload: p };
}
