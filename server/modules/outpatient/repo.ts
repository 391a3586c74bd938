// Outpatient visits: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export type VisitRow = NonNullable<Awaited<ReturnType<typeof visit>>>;

export function visit(db: Q, id: number) {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function patient(db: Q, id: number) {
  return db
    .selectFrom('patients')
    .select(['id', 'mrn', 'name', 'sex', 'birth_date', 'insurance_no', 'allergies_json', 'chronic_json'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function department(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export async function names(db: Q, deptIds: number[], staffIds: number[], patientIds: number[]) {
  const d = deptIds.length
    ? await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', deptIds).execute()
    : [];
  const s = staffIds.length
    ? await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute()
    : [];
  const p = patientIds.length
    ? await db.selectFrom('patients').select(['id', 'name']).where('id', 'in', patientIds).execute()
    : [];
  return {
    dept: new Map(d.map((r) => [r.id, r.name])),
    staff: new Map(s.map((r) => [r.id, r.name])),
    patient: new Map(p.map((r) => [r.id, r.name])),
  };
}

export async function queueLabels(db: Q, visitIds: number[]): Promise<Map<number, string>> {
  if (!visitIds.length) return new Map();
  const rows = await db
    .selectFrom('queue_entries')
    .select(['visit_id', 'queue_label'])
    .where('visit_id', 'in', visitIds)
    .execute();
  return new Map(rows.map((r) => [r.visit_id, r.queue_label]));
}

export async function diagnosesByCode(db: Q, codes: string[]) {
  if (!codes.length) return new Map<string, { code: string; name: string }>();
  const rows = await db
    .selectFrom('diagnoses')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .where('active', '=', 1)
    .execute();
  return new Map(rows.map((r) => [r.code.toUpperCase(), r]));
}

export async function insertWalkIn(
  db: Q,
  v: { patientId: number; departmentId: number; doctorStaffId: number; day: string; payer: 'cash' | 'insured' },
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
      chief_complaint: null,
      history: null,
      examination: null,
      notes: null,
      started_at: now,
      finished_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRecord(
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
) {
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

export async function setFinished(db: Q, id: number, now: number) {
  await db
    .updateTable('visits')
    .set((eb) => ({ status: 'finished', finished_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function countDrafts(db: Q, visitId: number): Promise<number> {
  const r = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('visit_id', '=', visitId)
    .where('status', '=', 'draft')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function visitsOfPatient(db: Q, patientId: number, limit: number) {
  return db
    .selectFrom('visits')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('day', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function openVisitsOf(db: Q, doctorStaffId: number, limit: number) {
  return db
    .selectFrom('visits')
    .selectAll()
    .where('doctor_staff_id', '=', doctorStaffId)
    .where('status', '=', 'in_consultation')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
