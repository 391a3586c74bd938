// The platform's own tables kept for a while only: the event log (screens that reconnect resume
// from it) and the idempotency keys. The housekeeping job prunes them through these.
import type { Db } from '../../db/connection.js';

/** Deletes the events older than `before` (epoch ms); the number deleted. */
export async function pruneEventLog(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('event_log').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes the idempotency keys created before `before` (epoch ms); the number deleted. */
export async function pruneIdempotencyKeys(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes the events after seq `afterSeq` stamped before `before` (a generated history's own
 *  events, which no screen waits for: the demo seed). */
export async function dropEventsSince(db: Db, afterSeq: number, before: number): Promise<void> {
  await db.deleteFrom('event_log').where('seq', '>', afterSeq).where('at', '<', before).execute();
}
