// Outpatient visits (门诊就诊): a walk-in visit without registration (无号接诊), the
// doctor's record (chief complaint, history, examination, notes, diagnoses), finishing the
// visit, and a patient's past visits with their orders.
import type { Actor } from '../../http/actor.js';
import { DomainError, conflict, forbidden, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { ageOn } from '../../../core/calendar.js';
import { t } from '../../../core/i18n.js';
import type { Idempotency, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { createOrdersService, ordersOfVisits } from '../orders/index.js';
import type { OrderView } from '../orders/schema.js';
import { finishQueueEntry } from '../queue/index.js';
import { businessToday } from '../settings/index.js';
import { VISIT_FINISHED, VISIT_STARTED, visitEvent } from './events.js';
import * as repo from './repo.js';
import * as visits from './visits.js';
import type { SignFromVisit, VisitList, VisitQuery, VisitRecord, VisitView, WalkIn } from './schema.js';

export const VISIT = t('就诊', 'Visit');
const PATIENT = t('患者', 'Patient');

type Q = ModuleContext['db'] | Parameters<typeof repo.visit>[0];

const list = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const diagnosesOf = (json: string): Array<{ code: string; name: string }> => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as Array<{ code: string; name: string }>) : [];
  } catch {
    return [];
  }
};

async function views(q: Q, rows: repo.VisitRow[], today: string): Promise<Array<Omit<VisitView, 'patient'>>> {
  const ids = rows.map((r) => r.id);
  const n = await repo.names(
    q,
    [...new Set(rows.map((r) => r.department_id))],
    [...new Set(rows.map((r) => r.doctor_staff_id).filter((x): x is number => x !== null))],
    [...new Set(rows.map((r) => r.patient_id))],
  );
  const labels = await repo.queueLabels(q, ids);
  const orders = await ordersOfVisits(q, ids, today);
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    patientName: n.patient.get(r.patient_id) ?? '',
    departmentId: r.department_id,
    departmentName: n.dept.get(r.department_id) ?? '',
    doctorStaffId: r.doctor_staff_id,
    doctorName: r.doctor_staff_id !== null ? (n.staff.get(r.doctor_staff_id) ?? null) : null,
    day: r.day,
    kind: r.kind,
    payer: r.payer,
    status: r.status,
    queueLabel: labels.get(r.id) ?? null,
    chiefComplaint: r.chief_complaint,
    history: r.history,
    examination: r.examination,
    notes: r.notes,
    diagnoses: diagnosesOf(r.diagnoses_json),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    version: r.version,
    orders: orders.filter((o) => o.visitId === r.id),
  }));
}

function assertDoctor(actor: Actor, v: repo.VisitRow): void {
  if (v.doctor_staff_id !== actor.staffId)
    throw forbidden(
      'not_your_visit',
      t('这不是您接诊的患者,不能修改', 'This visit is not yours; you cannot change it'),
    );
}

function assertOpen(v: repo.VisitRow): void {
  if (v.status !== 'in_consultation') {
    throw conflict(
      'visit_not_in_consultation',
      t(
        '该就诊不在接诊中(已结束或未开始),不能修改',
        'This visit is not in consultation (finished or not started); it cannot be changed',
      ),
    );
  }
}

export function createOutpatientService(m: ModuleContext) {
  const { db, uow, clock } = m;

  const today = (q: Q, now: number) => businessToday(q, now);

  async function fullView(q: Q, id: number, now: number): Promise<VisitView> {
    const row = await repo.visit(q, id);
    if (!row) throw notFound(VISIT, id);
    const day = await today(q, now);
    const [v] = await views(q, [row], day);
    const p = (await repo.patient(q, row.patient_id))!;
    return {
      ...v!,
      patient: {
        id: p.id,
        mrn: p.mrn,
        name: p.name,
        sex: p.sex,
        birthDate: p.birth_date,
        age: ageOn(p.birth_date, day),
        insuranceNo: p.insurance_no,
        allergies: list(p.allergies_json),
        chronic: list(p.chronic_json),
      },
    };
  }

  const payload = (v: VisitView) => ({
    visitId: v.id,
    patientId: v.patientId,
    departmentId: v.departmentId,
    doctorStaffId: v.doctorStaffId,
    status: v.status,
  });

  return {
    /** 无号接诊: the doctor sees a patient without registration; the visit starts at once. */
    walkIn(actor: Actor, input: WalkIn, idem?: Idempotency): Promise<VisitView> {
      return uow.write(async (tx) => {
        const p = await repo.patient(tx.db, input.patientId);
        if (!p)
          throw new DomainError(
            404,
            'not_found',
            t(`患者不存在(编号 ${input.patientId})`, `Patient ${input.patientId} does not exist`),
            'patientId',
          );
        const d = await repo.department(tx.db, input.departmentId);
        if (!d || d.kind !== 'clinic' || d.active !== 1)
          throw invalid('departmentId', t('请选择一个在用的门诊科室', 'Choose an active clinic department'));
        const day = await today(tx.db, tx.now);
        // The same doctor seeing the same patient in the same clinic today: the open visit.
        const open = (await repo.openVisitsOf(tx.db, actor.staffId, 100)).find(
          (v) => v.patient_id === p.id && v.department_id === d.id && v.day === day,
        );
        if (open) return fullView(tx.db, open.id, tx.now);
        const id = await visits.openWalkInVisit(
          tx.db,
          {
            patientId: p.id,
            departmentId: d.id,
            doctorStaffId: actor.staffId,
            day,
            payer: p.insurance_no ? 'insured' : 'cash',
          },
          tx.now,
        );
        const after = await fullView(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'visit.walk-in',
          entity: 'visit',
          entityId: id,
          patientId: p.id,
          before: null,
          after: { patientId: p.id, departmentId: d.id, doctorStaffId: actor.staffId, day, status: after.status },
        });
        tx.emit(visitEvent(VISIT_STARTED, payload(after)));
        return after;
      }, idem);
    },

    async get(actor: Actor, id: number): Promise<VisitView> {
      const v = await fullView(db, id, clock.now());
      await m.audit.recordPatientRead(actor, v.patientId, `visit ${id}`);
      return v;
    },

    async list(actor: Actor, q: VisitQuery): Promise<VisitList> {
      const day = await today(db, clock.now());
      if (q.patientId !== undefined) {
        const p = await repo.patient(db, q.patientId);
        if (!p) throw notFound(PATIENT, q.patientId, 'patientId');
        const items = await views(db, await repo.visitsOfPatient(db, q.patientId, q.limit), day);
        await m.audit.recordPatientRead(actor, q.patientId, 'visit history');
        return { items };
      }
      if (q.mine === 'open')
        return { items: await views(db, await repo.openVisitsOf(db, actor.staffId, q.limit), day) };
      throw invalid('patientId', t('请指定患者(patientId)或 mine=open', 'Give patientId, or mine=open'));
    },

    record(actor: Actor, id: number, input: VisitRecord, outer?: Tx): Promise<VisitView> {
      const within = <T>(fn: (tx: Tx) => Promise<T>) => (outer ? fn(outer) : uow.write(fn));
      return within(async (tx) => {
        const row = await repo.visit(tx.db, id);
        if (!row) throw notFound(VISIT, id);
        assertDoctor(actor, row);
        assertOpen(row);
        if (row.version !== input.version) throw staleVersion(VISIT);
        const known = await repo.diagnosesByCode(
          tx.db,
          input.diagnoses.map((d) => d.code),
        );
        const seen = new Set<string>();
        const diagnoses: Array<{ code: string; name: string }> = [];
        input.diagnoses.forEach((d, i) => {
          const hit = known.get(d.code.toUpperCase());
          if (!hit)
            throw invalid(
              `diagnoses.${i}.code`,
              t(`诊断编码“${d.code}”不在诊断库中`, `The diagnosis code "${d.code}" is not in the diagnosis catalog`),
            );
          if (seen.has(hit.code.toUpperCase()))
            throw invalid(
              `diagnoses.${i}.code`,
              t(`诊断“${hit.name}”重复`, `The diagnosis "${hit.name}" is listed twice`),
            );
          seen.add(hit.code.toUpperCase());
          diagnoses.push({ code: hit.code, name: hit.name });
        });
        const before = {
          chiefComplaint: row.chief_complaint,
          history: row.history,
          examination: row.examination,
          notes: row.notes,
          diagnoses: diagnosesOf(row.diagnoses_json),
        };
        await visits.saveVisitRecord(tx.db, id, { ...input, diagnosesJson: JSON.stringify(diagnoses) }, tx.now);
        const after = await fullView(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'visit.record',
          entity: 'visit',
          entityId: id,
          patientId: row.patient_id,
          before,
          after: {
            chiefComplaint: after.chiefComplaint,
            history: after.history,
            examination: after.examination,
            notes: after.notes,
            diagnoses: after.diagnoses,
          },
        });
        return after;
      });
    },

    /**
     * 签名 from the doctor's screen: saves the record and diagnoses on the screen, saves the
     * editor's prescription (a new draft, or the draft it edits — never counted as a duplicate
     * of itself), and signs it, all in one transaction: a refusal leaves nothing behind.
     */
    signFromVisit(actor: Actor, id: number, input: SignFromVisit, idem?: Idempotency): Promise<OrderView> {
      const orders = createOrdersService(m);
      return uow.write(async (tx) => {
        const row = await repo.visit(tx.db, id);
        if (!row) throw notFound(VISIT, id);
        assertDoctor(actor, row);
        assertOpen(row);
        if (input.record) await this.record(actor, id, input.record, tx);
        let draft: { id: number; version: number };
        if (input.orderId !== undefined) {
          const o = input.order
            ? await orders.update(actor, input.orderId, { ...input.order, version: input.version! }, tx)
            : null;
          draft = o ? { id: o.id, version: o.version } : { id: input.orderId, version: input.version! };
          const own = o ?? (await ordersOfVisits(tx.db, [id], null)).find((x) => x.id === input.orderId);
          if (!own || own.visitId !== id) throw notFound(t('处方', 'Order'), input.orderId, 'orderId');
        } else {
          const o = await orders.create(actor, { visitId: id, ...input.order! }, undefined, tx);
          draft = { id: o.id, version: o.version };
        }
        return orders.sign(actor, draft.id, { version: draft.version }, undefined, tx);
      }, idem);
    },

    finish(actor: Actor, id: number): Promise<VisitView> {
      return uow.write(async (tx) => {
        const row = await repo.visit(tx.db, id);
        if (!row) throw notFound(VISIT, id);
        assertDoctor(actor, row);
        if (row.status === 'finished') return fullView(tx.db, id, tx.now);
        assertOpen(row);
        const drafts = await repo.countDrafts(tx.db, id);
        if (drafts > 0) {
          throw conflict(
            'drafts_open',
            t(
              `还有 ${drafts} 张未签名的处方草稿,请签名或作废后再结束就诊`,
              `${drafts} draft order(s) are not signed; sign or cancel them before finishing`,
            ),
          );
        }
        await visits.finishVisit(tx.db, id, tx.now);
        await finishQueueEntry(tx, id, actor);
        const after = await fullView(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'visit.finish',
          entity: 'visit',
          entityId: id,
          patientId: row.patient_id,
          before: { status: row.status },
          after: { status: after.status, finishedAt: after.finishedAt },
        });
        tx.emit(visitEvent(VISIT_FINISHED, payload(after)));
        return after;
      });
    },
  };
}

export type OutpatientService = ReturnType<typeof createOutpatientService>;
