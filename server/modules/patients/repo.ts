// Patients: the only Kysely queries of this module.
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { PatientsTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import { prefixEnd } from './keys.js';

type Q = Db | Trx;
export type PatientRow = Selectable<PatientsTable>;

export interface PatientValues {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  insuranceNo: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  guardianRelation: string | null;
  allergies: string[];
  chronicConditions: string[];
  pinyinInitials: string;
  pinyinFull: string;
}

function columns(v: PatientValues) {
  return {
    name: v.name,
    sex: v.sex,
    birth_date: v.birthDate,
    id_number: v.idNumber,
    phone: v.phone,
    address: v.address,
    insurance_no: v.insuranceNo,
    guardian_name: v.guardianName,
    guardian_phone: v.guardianPhone,
    guardian_relation: v.guardianRelation,
    allergies_json: JSON.stringify(v.allergies),
    chronic_json: JSON.stringify(v.chronicConditions),
    pinyin_initials: v.pinyinInitials,
    pinyin_full: v.pinyinFull,
  };
}

export function findById(db: Q, id: number): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByIds(db: Q, ids: number[]): Promise<PatientRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('patients').selectAll().where('id', 'in', ids).execute();
}

export function findByIdNumber(db: Q, idNumber: string, exceptId: number | null): Promise<PatientRow | undefined> {
  let q = db.selectFrom('patients').selectAll().where('id_number', '=', idNumber);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export function findByNameAndBirth(
  db: Q,
  name: string,
  birthDate: string,
  exceptId: number | null,
): Promise<PatientRow[]> {
  let q = db.selectFrom('patients').selectAll().where('name', '=', name).where('birth_date', '=', birthDate);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return q.orderBy('id').limit(20).execute();
}

export async function insert(db: Q, mrn: string, v: PatientValues, now: number): Promise<number> {
  const r = await db
    .insertInto('patients')
    .values({ mrn, ...columns(v), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: PatientValues, now: number): Promise<void> {
  await db
    .updateTable('patients')
    .set((eb) => ({ ...columns(v), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function replaceSearchKeys(db: Q, patientId: number, keys: string[]): Promise<void> {
  await db.deleteFrom('patient_search').where('patient_id', '=', patientId).execute();
  if (keys.length)
    await db
      .insertInto('patient_search')
      .values(keys.map((key) => ({ key, patient_id: patientId })))
      .execute();
}

/**
 * Patients with a key starting with `prefix`, in key order (an index range scan on the
 * primary key of patient_search, joined to patients): a key equal to the prefix sorts first,
 * so exact MRN / ID / phone / name hits lead. A patient may appear under several keys.
 */
export function prefixMatches(db: Q, prefix: string, scanLimit: number): Promise<Array<PatientRow & { key: string }>> {
  return db
    .selectFrom('patient_search as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .selectAll('p')
    .select('s.key')
    .where('s.key', '>=', prefix)
    .where('s.key', '<', prefixEnd(prefix))
    .orderBy('s.key')
    .limit(scanLimit)
    .execute();
}

export function recent(db: Q, limit: number): Promise<PatientRow[]> {
  return db.selectFrom('patients').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export function visitHistory(db: Q, patientId: number, limit: number) {
  return db
    .selectFrom('visits as v')
    .innerJoin('departments as d', 'd.id', 'v.department_id')
    .leftJoin('staff as s', 's.id', 'v.doctor_staff_id')
    .leftJoin('registrations as r', 'r.visit_id', 'v.id')
    .select([
      'v.id',
      'v.day',
      'v.department_id',
      'd.name as department',
      's.name as doctor',
      'v.kind',
      'v.status',
      'r.queue_label',
      'v.chief_complaint',
      'v.diagnoses_json',
    ])
    .where('v.patient_id', '=', patientId)
    .orderBy('v.day', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}
