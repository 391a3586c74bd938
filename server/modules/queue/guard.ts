// Shared helpers of the outpatient-flow modules (clinics, roster, registration, queue,
// display): "any of these permissions" checks and the business day.
import type { Db } from '../../../db/connection.js';
import type { Actor } from '../../http/actor.js';
import { missingPermission } from '../../http/errors.js';
import { businessDay, type Clock } from '../../lib/clock.js';
import type { Trx } from '../../lib/uow.js';
import { permissionLabel } from '../auth/permissions.js';
import { getInstitutionSettings } from '../settings/service.js';

/** Throws 403 naming the first permission unless the actor has one of them. */
export function requireAny(actor: Actor, ...perms: string[]): void {
  if (perms.some((p) => actor.permissions.has(p))) return;
  throw missingPermission(perms[0]!, permissionLabel(perms[0]!));
}

/** Today's business day in the center's time zone. */
export async function today(db: Db | Trx, clock: Clock | { now(): number }): Promise<string> {
  return businessDay(clock.now(), (await getInstitutionSettings(db)).timeZone);
}

export async function dayAt(db: Db | Trx, at: number): Promise<string> {
  return businessDay(at, (await getInstitutionSettings(db)).timeZone);
}
