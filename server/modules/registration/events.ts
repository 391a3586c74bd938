// Events published by the registration module (the queue's own events come from queue/).
import { publish } from '../../realtime/bus.js';
import type { QUEUE_EVENTS, RegistrationChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function registrationEvent(
  name: typeof QUEUE_EVENTS.registrationCreated | typeof QUEUE_EVENTS.registrationCancelled,
  payload: RegistrationChangedPayload,
) {
  return publish(name, payload, [rooms.registration(), rooms.dept(payload.departmentId)]);
}
