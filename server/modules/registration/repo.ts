// Registration: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { Trx } from '../../lib/uow.js';
import type { DoctorFacts } from './plan.js';
import type { RegistrationView } from './schema.js';

type Q = Db | Trx;

function baseQuery(db: Q) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('patients as p', 'p.id', 'r.patient_id')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .innerJoin('visits as v', 'v.id', 'r.visit_id')
    .leftJoin('staff as s', 's.id', 'r.doctor_staff_id')
    .leftJoin('queue_entries as q', 'q.visit_id', 'r.visit_id')
    .select([
      'r.id',
      'r.visit_id',
      'r.patient_id',
      'p.name as patient_name',
      'p.mrn',
      'r.department_id',
      'd.name as department_name',
      'r.doctor_staff_id',
      's.name as doctor_name',
      'r.day',
      'r.queue_no',
      'r.queue_label',
      'q.id as queue_entry_id',
      'q.status as queue_status',
      'v.payer',
      'r.fee_fen',
      'r.bill_id',
      'r.status',
      'r.created_at',
      'r.cancelled_at',
      'r.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

const toView = (r: Row): RegistrationView => ({
  id: r.id,
  visitId: r.visit_id,
  patientId: r.patient_id,
  patientName: r.patient_name,
  mrn: r.mrn,
  departmentId: r.department_id,
  departmentName: r.department_name,
  doctorStaffId: r.doctor_staff_id,
  doctorName: r.doctor_name,
  day: r.day,
  queueNo: r.queue_no,
  queueLabel: r.queue_label,
  queueEntryId: r.queue_entry_id,
  queueStatus: r.queue_status,
  payer: r.payer,
  feeFen: r.fee_fen,
  billId: r.bill_id,
  status: r.status,
  createdAt: r.created_at,
  cancelledAt: r.cancelled_at,
  version: r.version,
});

export async function findById(db: Q, id: number): Promise<RegistrationView | undefined> {
  const r = await baseQuery(db).where('r.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** A page of a day's registrations, newest first: `before`/`after` are registration ids (cursors). */
/** The registration with its visit's state (for 退号), in one read. */
export async function findWithVisit(
  db: Q,
  id: number,
): Promise<{ view: RegistrationView; visitStatus: string } | undefined> {
  const r = await baseQuery(db).select('v.status as visit_status').where('r.id', '=', id).executeTakeFirst();
  return r ? { view: toView(r), visitStatus: r.visit_status } : undefined;
}

export async function listDay(
  db: Q,
  day: string,
  o: { departmentId?: number; before?: number; after?: number; limit: number },
): Promise<RegistrationView[]> {
  let q = baseQuery(db).where('r.day', '=', day).orderBy('r.id', 'desc').limit(o.limit);
  if (o.departmentId !== undefined) q = q.where('r.department_id', '=', o.departmentId);
  if (o.before !== undefined) q = q.where('r.id', '<', o.before);
  if (o.after !== undefined) q = q.where('r.id', '>', o.after);
  return (await q.execute()).map(toView);
}

// The reads and writes of a registration, built once (db/prepared.ts).
const patientById = prepared((db, p: { id: number }) =>
  db.selectFrom('patients').select(['id', 'name', 'mrn']).where('id', '=', p.id),
);

export function findPatient(db: Q, id: number) {
  return patientById.first(db, { id });
}

const clinicById = prepared((db, p: { departmentId: number }) =>
  db
    .selectFrom('departments as d')
    .leftJoin('clinics as c', 'c.department_id', 'd.id')
    .leftJoin('catalog_items as i', 'i.id', 'c.fee_item_id')
    .select([
      'd.id',
      'd.name',
      'd.kind',
      'd.active',
      'c.department_id as configured',
      'c.queue_prefix',
      'c.registration_fee_fen',
      'c.fee_item_id',
      'c.room',
      'i.charge_category',
    ])
    .where('d.id', '=', p.departmentId),
);

export function findClinic(db: Q, departmentId: number) {
  return clinicById.first(db, { departmentId });
}

const doctorOnRoster = prepared((db, p: { id: number; day: string; departmentId: number }) =>
  db
    .selectFrom('staff as s')
    .leftJoin('roster as ro', (j) =>
      j.onRef('ro.doctor_staff_id', '=', 's.id').on('ro.day', '=', p.day).on('ro.department_id', '=', p.departmentId),
    )
    .select(['s.id', 's.name', 's.active', 'ro.id as roster_id', 'ro.room'])
    .where('s.id', '=', p.id)
    .orderBy('ro.id'),
);

/** The chosen doctor, whether on this clinic's roster that day, and their roster room: one read. */
export async function findDoctor(
  db: Q,
  id: number,
  day: string,
  departmentId: number,
): Promise<DoctorFacts | undefined> {
  const rows = await doctorOnRoster.all(db, { id, day, departmentId });
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: first.id,
    name: first.name,
    active: first.active,
    rostered: rows.some((r) => r.roster_id !== null),
    rosterRoom: rows.find((r) => r.room)?.room ?? null,
  };
}

const openOfPatient = prepared((db, p: { patientId: number; departmentId: number; day: string }) =>
  db
    .selectFrom('registrations as r')
    .innerJoin('visits as v', 'v.id', 'r.visit_id')
    .select(['r.id', 'r.queue_label'])
    .where('r.patient_id', '=', p.patientId)
    .where('r.department_id', '=', p.departmentId)
    .where('r.day', '=', p.day)
    .where('r.status', '=', 'active')
    .where('v.status', 'in', ['waiting', 'in_consultation']),
);

/** An active registration of this patient at this clinic today whose visit is not over. */
export async function openRegistration(
  db: Q,
  patientId: number,
  departmentId: number,
  day: string,
): Promise<{ id: number; queue_label: string } | undefined> {
  return openOfPatient.first(db, { patientId, departmentId, day });
}

/** Every row of a registration is written in the same transaction: its view needs no re-read. */
export function viewOf(
  v: Omit<RegistrationView, 'status' | 'cancelledAt' | 'version' | 'queueStatus'>,
): RegistrationView {
  return { ...v, queueStatus: 'waiting', status: 'active', cancelledAt: null, version: 1 };
}

export async function insertRegistration(
  db: Q,
  v: {
    visitId: number;
    patientId: number;
    departmentId: number;
    doctorStaffId: number | null;
    day: string;
    queueNo: number;
    label: string;
    feeFen: number;
    userId: number;
  },
  now: number,
): Promise<number> {
  const r = await registrationInsert.first(db, {
    visitId: v.visitId,
    patientId: v.patientId,
    departmentId: v.departmentId,
    doctorStaffId: v.doctorStaffId ?? null,
    day: v.day,
    queueNo: v.queueNo,
    label: v.label,
    feeFen: v.feeFen,
    userId: v.userId,
    now,
  });
  return r!.id;
}

const registrationInsert = prepared(
  (
    db,
    p: {
      visitId: number;
      patientId: number;
      departmentId: number;
      doctorStaffId: number | null;
      day: string;
      queueNo: number;
      label: string;
      feeFen: number;
      userId: number;
      now: number;
    },
  ) =>
    db
      .insertInto('registrations')
      .values({
        visit_id: p.visitId,
        patient_id: p.patientId,
        department_id: p.departmentId,
        doctor_staff_id: p.doctorStaffId,
        day: p.day,
        queue_no: p.queueNo,
        queue_label: p.label,
        fee_fen: p.feeFen,
        bill_id: null,
        status: 'active',
        cancelled_at: null,
        cancelled_by: null,
        created_by: p.userId,
        created_at: p.now,
      })
      .returning('id'),
);

const billOfRegistration = prepared((db, p: { id: number; billId: number }) =>
  db.updateTable('registrations').set({ bill_id: p.billId }).where('id', '=', p.id),
);

export async function setBill(db: Q, id: number, billId: number): Promise<void> {
  await billOfRegistration.run(db, { id, billId });
}

export async function markCancelled(db: Q, id: number, userId: number, now: number): Promise<void> {
  await db
    .updateTable('registrations')
    .set((eb) => ({ status: 'cancelled', cancelled_at: now, cancelled_by: userId, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The fee's bill line (the one charge line of this registration on its bill). */
export function feeLine(db: Q, billId: number, registrationId: number) {
  return db
    .selectFrom('bill_lines')
    .select(['id', 'quantity', 'amount_fen'])
    .where('bill_id', '=', billId)
    .where('registration_id', '=', registrationId)
    .where('amount_fen', '>', 0)
    .executeTakeFirst();
}
