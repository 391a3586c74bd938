// The audit trail: append-only (triggers refuse UPDATE and DELETE). Writes are audited
// inside their own transaction via tx.audit(); reads of a patient's record call
// recordPatientRead(); the administrator searches it.
import type { Db } from '../../../db/connection.js';
import type { Actor } from '../../http/actor.js';
import type { Clock } from '../../lib/clock.js';
import type { UnitOfWork } from '../../lib/uow.js';

export interface AuditSearch {
  userId?: number | undefined;
  username?: string | undefined;
  patientId?: number | undefined;
  action?: string | undefined;
  outcome?: 'ok' | 'denied' | 'failed' | undefined;
  from?: number | undefined;
  to?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export function createAuditService(deps: { db: Db; uow: UnitOfWork; clock: Clock }) {
  return {
    /** Every read of a patient's record is audited: who, which patient, what was read. */
    async recordPatientRead(actor: Actor, patientId: number, what: string): Promise<void> {
      await deps.uow.write((tx) =>
        tx.audit(actor, {
          action: 'patient.read',
          entity: 'patient',
          entityId: patientId,
          patientId,
          summary: { what },
        }),
      );
    },

    async search(q: AuditSearch) {
      let query = deps.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(q.limit + 1);
      if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
      if (q.username) query = query.where('username', '=', q.username);
      if (q.patientId !== undefined) query = query.where('patient_id', '=', q.patientId);
      if (q.action)
        query = q.action.endsWith('*')
          ? query.where('action', 'like', q.action.slice(0, -1).replace(/[%_]/g, '') + '%')
          : query.where('action', '=', q.action);
      if (q.outcome) query = query.where('outcome', '=', q.outcome);
      if (q.from !== undefined) query = query.where('at', '>=', q.from);
      if (q.to !== undefined) query = query.where('at', '<', q.to);
      if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
      const rows = await query.execute();
      const more = rows.length > q.limit;
      const items = rows.slice(0, q.limit).map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        username: r.username,
        action: r.action,
        outcome: r.outcome,
        entity: r.entity,
        entityId: r.entity_id,
        patientId: r.patient_id,
        ip: r.ip,
        workstationId: r.workstation_id,
        summary: r.summary_json ? (JSON.parse(r.summary_json) as Record<string, unknown>) : null,
      }));
      return { items, nextBeforeId: more ? items[items.length - 1]!.id : null };
    },

    async actions(): Promise<string[]> {
      const rows = await deps.db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
      return rows.map((r) => r.action);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
