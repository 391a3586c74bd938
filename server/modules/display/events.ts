// Events published by the displays module: a display's settings or token changed (the TV
// reloads its state; a revoked token makes it show "not valid"; its sockets are re-checked).
import type { DomainEvent } from '../../realtime/bus.js';
import { QUEUE_EVENTS, type EntityChangedPayload } from '../../../core/contract.js';
import { rooms } from '../../realtime/rooms.js';

export function displayChanged(id: number, action: EntityChangedPayload['action']): DomainEvent<EntityChangedPayload> {
  return { name: QUEUE_EVENTS.displayChanged, rooms: [rooms.admin(), rooms.display(id)], payload: { id, action } };
}
