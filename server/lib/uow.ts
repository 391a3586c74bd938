// The unit of work: every write is one SQLite transaction, serialised behind one mutex
// (SQLite has one writer). Inside it a service writes rows, records audit entries and
// emits events; the events go to event_log in the same transaction and are published
// after commit. An idempotency key makes a retried write return the first result.
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from './clock.js';
import { Mutex } from './mutex.js';
import type { DomainEvent, EventBus, StoredEvent } from '../realtime/bus.js';
import { conflict } from '../../core/errors.js';
import { t } from '../../core/i18n.js';
import { bindTransaction, prepared } from '../../db/prepared.js';

export type Trx = Transaction<Database>;

export interface AuditInput {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  entity?: string;
  entityId?: string | number;
  patientId?: number | null;
  before?: unknown;
  after?: unknown;
  summary?: Record<string, unknown>;
}

export interface AuditWho {
  userId: number | null;
  username: string | null;
  ip: string | null;
  workstationId: number | null;
}

export interface Tx {
  db: Trx;
  now: number;
  /** An event of the contract (core/contract.ts EventMap), built with realtime/bus publish(name, payload, rooms):
   *  a name outside the map, or a payload not its own, does not compile. Published after commit. */
  emit(event: DomainEvent): void;
  audit(who: AuditWho, entry: AuditInput): Promise<void>;
}

export interface Idempotency {
  key: string;
  userId: number;
  operation: string;
  request: unknown;
}

export interface UnitOfWork {
  write<T>(fn: (tx: Tx) => Promise<T>, idem?: Idempotency): Promise<T>;
}

// Secrets never reach the audit log; flags like must_change_password are not secrets.
const SENSITIVE = /^(password|password_hash|passwordHash|token|secret|oneTimePassword|one_time_password)$|_hash$|Hash$/;

/** A compact before/after summary: only changed fields, secrets masked. */
export function changeSummary(before: unknown, after: unknown): Record<string, unknown> | null {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  if (!before && !after) return null;
  const changes: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (k === 'updated_at' || k === 'version' || k === 'created_at') continue;
    const bv = b[k];
    const av = a[k];
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    changes[k] = SENSITIVE.test(k)
      ? { before: bv === undefined ? undefined : '***', after: av === undefined ? undefined : '***' }
      : { before: bv, after: av };
  }
  return changes;
}

// The statements of every write, built and compiled once (db/prepared.ts).
const auditInsert = prepared(
  (
    db,
    p: {
      at: number;
      userId: number | null;
      username: string | null;
      action: string;
      outcome: 'ok' | 'denied' | 'failed';
      entity: string | null;
      entityId: string | null;
      patientId: number | null;
      ip: string | null;
      workstationId: number | null;
      summary: string | null;
    },
  ) =>
    db.insertInto('audit_log').values({
      at: p.at,
      user_id: p.userId,
      username: p.username,
      action: p.action,
      outcome: p.outcome,
      entity: p.entity,
      entity_id: p.entityId,
      patient_id: p.patientId,
      ip: p.ip,
      workstation_id: p.workstationId,
      summary_json: p.summary,
    }),
);

const idempotencyPrior = prepared((db, p: { key: string; userId: number }) =>
  db
    .selectFrom('idempotency_keys')
    .select(['operation', 'request_hash', 'response_json'])
    .where('key', '=', p.key)
    .where('user_id', '=', p.userId),
);

const idempotencyInsert = prepared(
  (db, p: { key: string; userId: number; operation: string; hash: string; response: string; at: number }) =>
    db.insertInto('idempotency_keys').values({
      key: p.key,
      user_id: p.userId,
      operation: p.operation,
      request_hash: p.hash,
      status: 200,
      response_json: p.response,
      created_at: p.at,
    }),
);

/** The most events one INSERT writes; a write that emits more takes several. */
const EVENTS_PER_INSERT = 16;
type EventInsert = ReturnType<typeof eventInsertOf>;
const eventInserts: EventInsert[] = [];

/** One multi-row INSERT of `n` events (`a` the time; `n0`, `r0`, `p0` … name, rooms, payload). */
function eventInsertOf(n: number) {
  return prepared((db, p: Record<string, string | number>) =>
    db
      .insertInto('event_log')
      .values(
        Array.from({ length: n }, (_, i) => ({
          at: p.a as number,
          name: p[`n${i}`] as string,
          rooms_json: p[`r${i}`] as string,
          payload_json: p[`p${i}`] as string,
        })),
      )
      .returning('seq'),
  );
}

/** Writes the events to event_log in emitted order, a batch per statement; their seqs in that order. */
async function insertEvents(db: Trx, now: number, events: DomainEvent[]): Promise<number[]> {
  const seqs: number[] = [];
  for (let from = 0; from < events.length; from += EVENTS_PER_INSERT) {
    const batch = events.slice(from, from + EVENTS_PER_INSERT);
    const params: Record<string, string | number> = { a: now };
    batch.forEach((e, i) => {
      params[`n${i}`] = e.name;
      params[`r${i}`] = JSON.stringify(e.rooms);
      params[`p${i}`] = JSON.stringify(e.payload ?? null);
    });
    const insert = (eventInserts[batch.length] ??= eventInsertOf(batch.length));
    // The rows of one INSERT take increasing seqs in VALUES order; RETURNING's order is not
    // promised, so the seqs are sorted back into that order.
    const rows = await insert.all(db, params);
    seqs.push(...rows.map((r) => r.seq).sort((x, y) => x - y));
  }
  return seqs;
}

export async function insertAudit(db: Trx | Db, now: number, who: AuditWho, e: AuditInput): Promise<void> {
  let json: string | null = null;
  const changes =
    e.before !== undefined || e.after !== undefined ? changeSummary(e.before ?? null, e.after ?? null) : null;
  const hasChanges = changes !== null && Object.keys(changes).length > 0;
  if (hasChanges || (e.summary && Object.keys(e.summary).length)) {
    const summary: Record<string, unknown> = { ...(e.summary ?? {}) };
    if (hasChanges) summary.changes = changes;
    json = JSON.stringify(summary);
  }
  await auditInsert.run(db, {
    at: now,
    // A caller's loosely built `who` may lack a field: it is stored as NULL, as before.
    userId: who.userId ?? null,
    username: who.username ?? null,
    action: e.action,
    outcome: e.outcome ?? 'ok',
    entity: e.entity ?? null,
    entityId: e.entityId === undefined ? null : String(e.entityId),
    patientId: e.patientId ?? null,
    ip: who.ip ?? null,
    workstationId: who.workstationId ?? null,
    summary: json && json.length > 8000 ? json.slice(0, 8000) : json,
  });
}

function hashRequest(op: string, request: unknown): string {
  return crypto
    .createHash('sha256')
    .update(op)
    .update('\n')
    .update(JSON.stringify(request ?? null))
    .digest('hex');
}

export function createUnitOfWork(deps: { db: Db; clock: Clock; bus: EventBus }): UnitOfWork {
  const mutex = new Mutex();
  return {
    write<T>(fn: (tx: Tx) => Promise<T>, idem?: Idempotency): Promise<T> {
      return mutex.run(async () => {
        const stored: StoredEvent[] = [];
        const now = deps.clock.now();
        const result = await deps.db.transaction().execute(async (trx) => {
          // Prepared queries run on the connection directly while this transaction is open.
          const unbind = bindTransaction(trx);
          try {
            return await inTransaction(trx);
          } finally {
            unbind();
          }
        });
        if (!result.replay) deps.bus.publish(stored);
        return result.value;

        async function inTransaction(trx: Trx): Promise<{ replay: boolean; value: T }> {
          const requestHash = idem ? hashRequest(idem.operation, idem.request) : '';
          if (idem) {
            const prior = await idempotencyPrior.first(trx, { key: idem.key, userId: idem.userId });
            if (prior) {
              if (prior.operation !== idem.operation || prior.request_hash !== requestHash) {
                throw conflict(
                  'idempotency_key_reused',
                  t(
                    '该操作编号已用于另一项不同的请求,请刷新页面后重试',
                    'This idempotency key was already used for a different request; reload and try again',
                  ),
                  'Idempotency-Key',
                );
              }
              return { replay: true as const, value: JSON.parse(prior.response_json) as T };
            }
          }
          const events: DomainEvent[] = [];
          const tx: Tx = {
            db: trx,
            now,
            emit: (e) => void events.push(e),
            audit: (who, entry) => insertAudit(trx, now, who, entry),
          };
          const value = await fn(tx);
          if (events.length) {
            const seqs = await insertEvents(trx, now, events);
            for (const [i, e] of events.entries())
              stored.push({ seq: seqs[i]!, name: e.name, at: now, payload: e.payload ?? null, rooms: e.rooms });
          }
          if (idem) {
            await idempotencyInsert.run(trx, {
              key: idem.key,
              userId: idem.userId,
              operation: idem.operation,
              hash: requestHash,
              response: JSON.stringify(value ?? null),
              at: now,
            });
          }
          return { replay: false as const, value };
        }
      });
    },
  };
}
