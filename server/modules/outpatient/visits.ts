// The visit commands: the ONLY writers of `visits`. Other modules call them through this module's
// public entry (index.ts), inside their own unit of work (pass `tx.db`).
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;
type Payer = 'cash' | 'insured';

const emptyRecord = { chief_complaint: null, history: null, examination: null, notes: null, finished_at: null };

/** A registered visit (挂号): waiting for its doctor. */
export async function openVisit(
  db: Q,
  v: { patientId: number; departmentId: number; doctorStaffId: number | null; day: string; payer: Payer },
  now: number,
): Promise<number> {
  const r = await registeredVisitInsert.first(db, {
    patientId: v.patientId,
    departmentId: v.departmentId,
    doctorStaffId: v.doctorStaffId ?? null,
    day: v.day,
    payer: v.payer,
    now,
  });
  return r!.id;
}

const registeredVisitInsert = prepared(
  (
    db,
    p: {
      patientId: number;
      departmentId: number;
      doctorStaffId: number | null;
      day: string;
      payer: Payer;
      now: number;
    },
  ) =>
    db
      .insertInto('visits')
      .values({
        patient_id: p.patientId,
        department_id: p.departmentId,
        doctor_staff_id: p.doctorStaffId,
        day: p.day,
        kind: 'registered',
        payer: p.payer,
        status: 'waiting',
        ...emptyRecord,
        started_at: null,
        created_at: p.now,
        updated_at: p.now,
      })
      .returning('id'),
);

/** A walk-in visit (无号接诊): in consultation with this doctor from the start. */
export async function openWalkInVisit(
  db: Q,
  v: { patientId: number; departmentId: number; doctorStaffId: number; day: string; payer: Payer },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('visits')
    .values({
      patient_id: v.patientId,
      department_id: v.departmentId,
      doctor_staff_id: v.doctorStaffId,
      day: v.day,
      kind: 'walk_in',
      payer: v.payer,
      status: 'in_consultation',
      ...emptyRecord,
      started_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The registration was cancelled (退号): so is its visit. */
export async function cancelVisit(db: Q, visitId: number, now: number): Promise<void> {
  await db
    .updateTable('visits')
    .set((eb) => ({ status: 'cancelled', updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', visitId)
    .execute();
}

/** The doctor called the patient in (接诊): the visit is theirs and in consultation. */
export async function startConsultation(db: Q, visitId: number, doctorStaffId: number, now: number): Promise<void> {
  await db
    .updateTable('visits')
    .set((eb) => ({
      status: 'in_consultation',
      doctor_staff_id: doctorStaffId,
      started_at: now,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', visitId)
    .execute();
}

/** The cashier switched the payer: the visit follows, so later charges and the insurance issue see it. */
export async function setVisitPayer(db: Q, visitId: number, payer: Payer, now: number): Promise<void> {
  await db
    .updateTable('visits')
    .set((eb) => ({ payer, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', visitId)
    .execute();
}

/** The visit's record (主诉, 现病史, 体格检查, 备注, 诊断). */
export async function saveVisitRecord(
  db: Q,
  id: number,
  v: {
    chiefComplaint: string | null;
    history: string | null;
    examination: string | null;
    notes: string | null;
    diagnosesJson: string;
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('visits')
    .set((eb) => ({
      chief_complaint: v.chiefComplaint,
      history: v.history,
      examination: v.examination,
      notes: v.notes,
      diagnoses_json: v.diagnosesJson,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** 结束就诊. */
export async function finishVisit(db: Q, id: number, now: number): Promise<void> {
  await db
    .updateTable('visits')
    .set((eb) => ({ status: 'finished', finished_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** A visit's state, for the modules that check it before acting (queue, registration). */
export function visitStatus(db: Q, visitId: number) {
  return db.selectFrom('visits').select('status').where('id', '=', visitId).executeTakeFirstOrThrow();
}
