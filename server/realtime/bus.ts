// The event bus: events are written to event_log inside the writing transaction (so a
// reconnecting client can ask "since seq N"), and published to Socket.IO rooms only after
// that transaction commits. Publishing is in seq order because writes are serialised.
// Ephemeral events (publishEphemeral) are the exception: pushed once to the sockets in their
// rooms now, never written to event_log, never replayed — for data that must not be kept,
// like a card read's ID number (issue 9 item 1).
import type { EventEnvelope } from '../../core/contract.js';

export interface DomainEvent<P = unknown> {
  name: string;
  rooms: string[];
  payload: P;
}

export interface StoredEvent extends EventEnvelope {
  rooms: string[];
}

export interface Publisher {
  publish(events: StoredEvent[]): void;
  /** An event pushed now to the sockets of its rooms, not stored and not replayed. */
  ephemeral?(event: DomainEvent & { at: number }): void;
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
  publishEphemeral(event: DomainEvent, at: number): void {
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
