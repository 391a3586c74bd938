// Periodic housekeeping: old events (clients that far behind reload their snapshot),
// old idempotency keys, ended sessions, each through its owner (server/lib/retention.ts, auth).
// Never touches ledgers or the audit log.
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { Clock } from '../lib/clock.js';
import { pruneEventLog, pruneIdempotencyKeys } from '../lib/retention.js';
import { pruneEndedSessions } from '../modules/auth/index.js';

export async function pruneOnce(deps: {
  db: Db;
  clock: Clock;
  eventRetentionHours: number;
}): Promise<{ events: number; keys: number; sessions: number }> {
  const now = deps.clock.now();
  const events = await pruneEventLog(deps.db, now - deps.eventRetentionHours * 3_600_000);
  const keys = await pruneIdempotencyKeys(deps.db, now - 7 * 86_400_000);
  const sessions = await pruneEndedSessions(deps.db, now - 30 * 86_400_000);
  return { events, keys, sessions };
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
