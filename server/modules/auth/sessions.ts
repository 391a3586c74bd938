// Session rows: auth owns the sessions table. Other modules (users, staff) end a user's
// sessions and the housekeeping job prunes old ones through these commands.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

/** Ends every open session of a user; the number ended. The caller then drops the cached ones
 *  with auth.invalidateUser after commit. */
export async function revokeUserSessions(db: Db | Trx, userId: number, now: number): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes the sessions that expired or were revoked before `before` (epoch ms); the number. */
export async function pruneEndedSessions(db: Db, before: number): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
