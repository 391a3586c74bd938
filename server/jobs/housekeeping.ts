// Periodic housekeeping: old events (clients that far behind reload their snapshot),
// old idempotency keys, ended sessions. Never touches ledgers or the audit log.
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { Clock } from '../lib/clock.js';

export async function pruneOnce(deps: {
  db: Db;
  clock: Clock;
  eventRetentionHours: number;
}): Promise<{ events: number; keys: number; sessions: number }> {
  const now = deps.clock.now();
  const events = await deps.db
    .deleteFrom('event_log')
    .where('at', '<', now - deps.eventRetentionHours * 3_600_000)
    .executeTakeFirst();
  const keys = await deps.db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', now - 7 * 86_400_000)
    .executeTakeFirst();
  const sessions = await deps.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now - 30 * 86_400_000), eb('revoked_at', '<', now - 30 * 86_400_000)]))
    .executeTakeFirst();
  return {
    events: Number(events.numDeletedRows),
    keys: Number(keys.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
  };
}

export function startHousekeeping(deps: { db: Db; clock: Clock; logger: Logger; eventRetentionHours: number }): {
  stop(): void;
} {
  const run = () =>
    pruneOnce(deps)
      .then((r) => {
        if (r.events || r.keys || r.sessions) deps.logger.info(r, 'housekeeping pruned');
      })
      .catch((e) => deps.logger.error({ err: e }, 'housekeeping failed'));
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
