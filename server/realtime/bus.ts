// The event bus: events are written to event_log inside the writing transaction (so a
// reconnecting client can ask "since seq N"), and published to Socket.IO rooms only after
// that transaction commits. Publishing is in seq order because writes are serialised.
import type { EventEnvelope } from './contract.js';

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

  get lastPublishedSeq(): number {
    return this.lastSeq;
  }
}
