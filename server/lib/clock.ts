// An injectable clock: services never call Date.now() directly, so tests can move time.
import { dayOf } from '../../core/calendar.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests: starts at `start` and moves only when told. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 10, 26, 1, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}

/** The business day ("2026-11-26") of an instant in the center's time zone (core/calendar, cached). */
export function businessDay(at: number, timeZone: string): string {
  return dayOf(at, timeZone);
}
