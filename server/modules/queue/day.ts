// Shared helper of the outpatient-flow modules (clinics, roster, registration, queue,
// display): the business day in the center's time zone.
import type { Db } from '../../../db/connection.js';
import { businessDay, type Clock } from '../../lib/clock.js';
import type { Trx } from '../../lib/uow.js';
import { getInstitutionSettings } from '../settings/service.js';

/** Today's business day in the center's time zone. */
export async function today(db: Db | Trx, clock: Clock | { now(): number }): Promise<string> {
  return businessDay(clock.now(), (await getInstitutionSettings(db)).timeZone);
}

