// Events outside the realtime contract, for tests (and the bench) of the unit of work and the
// live link themselves: they publish made-up names (`test:bulk`) with made-up payloads.
// tx.emit() only takes the contract's events (EventMap); this is the one deliberate way around it.
import type { DomainEvent } from '../../server/realtime/bus.js';

export function rawEvent(name: string, rooms: string[], payload: unknown): DomainEvent {
  return { name, rooms, payload } as unknown as DomainEvent;
}
