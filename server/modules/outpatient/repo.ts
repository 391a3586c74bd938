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
