// Events published by the outpatient module to the visit's clinic room.
import { publish } from '../../realtime/bus.js';
import { EV, type VisitEventPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export const VISIT_STARTED = EV.visitStarted;
export const VISIT_FINISHED = EV.visitFinished;

export function visitEvent(name: typeof VISIT_STARTED | typeof VISIT_FINISHED, p: VisitEventPayload) {
  return publish(name, p, [rooms.dept(p.departmentId)]);
}
