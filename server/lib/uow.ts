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

export async function insertAudit(db: Trx | Db, now: number, who: AuditWho, e: AuditInput): Promise<void> {
  const summary: Record<string, unknown> = { ...(e.summary ?? {}) };
  if (e.before !== undefined || e.after !== undefined) {
    const changes = changeSummary(e.before ?? null, e.after ?? null);
    if (changes && Object.keys(changes).length) summary.changes = changes;
  }
  const json = Object.keys(summary).length ? JSON.stringify(summary) : null;
  await db
    .insertInto('audit_log')
    .values({
      at: now,
      user_id: who.userId,
      username: who.username,
      action: e.action,
      outcome: e.outcome ?? 'ok',
      entity: e.entity ?? null,
      entity_id: e.entityId === undefined ? null : String(e.entityId),
      patient_id: e.patientId ?? null,
      ip: who.ip,
      workstation_id: who.workstationId,
      summary_json: json && json.length > 8000 ? json.slice(0, 8000) : json,
    })
    .execute();
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
          const requestHash = idem ? hashRequest(idem.operation, idem.request) : '';
          if (idem) {
            const prior = await trx
              .selectFrom('idempotency_keys')
              .selectAll()
              .where('key', '=', idem.key)
              .where('user_id', '=', idem.userId)
              .executeTakeFirst();
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
          for (const e of events) {
            const row = await trx
              .insertInto('event_log')
              .values({
                at: now,
                name: e.name,
                rooms_json: JSON.stringify(e.rooms),
                payload_json: JSON.stringify(e.payload ?? null),
              })
              .returning('seq')
              .executeTakeFirstOrThrow();
            stored.push({ seq: row.seq, name: e.name, at: now, payload: e.payload ?? null, rooms: e.rooms });
          }
          if (idem) {
            await trx
              .insertInto('idempotency_keys')
              .values({
                key: idem.key,
                user_id: idem.userId,
                operation: idem.operation,
                request_hash: requestHash,
                status: 200,
                response_json: JSON.stringify(value ?? null),
                created_at: now,
              })
              .execute();
          }
          return { replay: false as const, value };
        });
        if (!result.replay) deps.bus.publish(stored);
        return result.value;
      });
    },
  };
}
