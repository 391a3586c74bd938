// Shared helper of the outpatient-flow modules (clinics, roster, registration, queue,
// display): the business day in the center's time zone.
import type { Db } from '../../../db/connection.js';
import { businessDay, type Clock } from '../../lib/clock.js';
import type { Trx } from '../../lib/uow.js';
import { getInstitutionSettings } from '../settings/index.js';

/** Today's business day in the center's time zone. */
export async function today(db: Db | Trx, clock: Clock | { now(): number }): Promise<string> {
  return businessDay(clock.now(), (await getInstitutionSettings(db)).timeZone);
}

/** The first instant (to the minute) after `at` that belongs to the next business day. */
export function nextDayStart(at: number, timeZone: string): number {
  const today = businessDay(at, timeZone);
  let lo = 0; // minutes: still today
  let hi = 26 * 60; // minutes: surely the next day (time-zone shifts included)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (businessDay(at + mid * 60_000, timeZone) === today) lo = mid;
    else hi = mid;
  }
  const minute = at + hi * 60_000;
  return minute - (minute % 60_000);
}
