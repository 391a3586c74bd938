// The event bus: events are written to event_log inside the writing transaction (so a
// reconnecting client can ask "since seq N"), and published to Socket.IO rooms only after
// that transaction commits. Publishing is in seq order because writes are serialised.
// Ephemeral events (publishEphemeral) are the exception: pushed once to the sockets in their
// rooms now, never written to event_log, never replayed — for data that must not be kept,
// like a card read's ID number (issue 9 item 1).
import type { EphemeralEventMap, EphemeralEventName, EventEnvelope, EventMap, EventName } from '../../core/contract.js';

/**
 * A domain event as a service emits it (tx.emit): its payload typed by its name through the
 * contract's EventMap, so a wrong name or a wrong payload is a compile error. `DomainEvent` alone
 * is the union over every name; `DomainEvent<'bill:paid'>` one of them.
 */
export type DomainEvent<K extends EventName = EventName> = K extends EventName
  ? { name: K; rooms: string[]; payload: EventMap[K] }
  : never;

/** An ephemeral event (never stored): its payload typed by the contract's EphemeralEventMap. */
export type EphemeralEvent<K extends EphemeralEventName = EphemeralEventName> = K extends EphemeralEventName
  ? { name: K; rooms: string[]; payload: EphemeralEventMap[K] }
  : never;

/** Builds a domain event: `publish(EV.orderSigned, payload, rooms)` checks the payload against the name. */
export function publish<K extends EventName>(name: K, payload: EventMap[K], rooms: string[]): DomainEvent<K> {
  return { name, rooms, payload } as DomainEvent<K>;
}

/** Builds an ephemeral event, typed like publish(). */
export function ephemeral<K extends EphemeralEventName>(
  name: K,
  payload: EphemeralEventMap[K],
  rooms: string[],
): EphemeralEvent<K> {
  return { name, rooms, payload } as EphemeralEvent<K>;
}

export interface StoredEvent extends EventEnvelope {
  rooms: string[];
}

export interface Publisher {
  publish(events: StoredEvent[]): void;
  /** An event pushed now to the sockets of its rooms, not stored and not replayed. */
  ephemeral?(event: EphemeralEvent & { at: number }): void;
}

export class EventBus implements Publisher {
  private sinks: Publisher[] = [];
  private lastSeq = 0;

  attach(sink: Publisher): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  publish(events: StoredEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) if (e.seq > this.lastSeq) this.lastSeq = e.seq;
    for (const sink of this.sinks) {
      try {
        sink.publish(events);
      } catch {
        // A sink that throws must not affect a committed write; Socket.IO logs its own errors.
      }
    }
  }

  /** Pushes an event to the sockets in its rooms now; it is not written to event_log, so a
   *  client that was not connected never gets it (no replay). */
  publishEphemeral(event: EphemeralEvent, at: number): void {
    if (event.rooms.length === 0) return;
    for (const sink of this.sinks) {
      try {
        sink.ephemeral?.({ ...event, at });
      } catch {
        // As publish(): a failing sink must not affect the caller.
      }
    }
  }

  get lastPublishedSeq(): number {
    return this.lastSeq;
  }
}
