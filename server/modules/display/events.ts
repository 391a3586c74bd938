// Events published by the displays module: a display's settings or token changed (the TV
// reloads its state; a revoked token makes it show "not valid"; its sockets are re-checked).
import { publish } from '../../realtime/bus.js';
import { QUEUE_EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function displayChanged(id: number, action: EntityChangedPayload['action']) {
  return publish(QUEUE_EVENTS.displayChanged, { id, action }, [rooms.admin(), rooms.display(id)]);
}
