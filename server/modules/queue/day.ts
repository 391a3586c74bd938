// Shared helper of the outpatient-flow modules (clinics, roster, registration, queue,
// display): the business day in the center's time zone.
import { nextDayStart } from '../../../core/calendar.js';
import type { Db } from '../../../db/connection.js';
import type { Clock } from '../../lib/clock.js';
import type { Trx } from '../../lib/uow.js';
import { businessToday } from '../settings/index.js';

/** Today's business day in the center's time zone. */
export async function today(db: Db | Trx, clock: Clock | { now(): number }): Promise<string> {
  return businessToday(db, clock.now());
}

/** The first instant after `at` that belongs to the next business day (core/calendar). */
export { nextDayStart };
