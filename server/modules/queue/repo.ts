// Queue: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import type { QueueStatus } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';
import { maskName } from './mask.js';
import type { QueueEntryView } from './schema.js';

type Q = Db | Trx;

function baseQuery(db: Q) {
  return db
    .selectFrom('queue_entries as q')
    .innerJoin('visits as v', 'v.id', 'q.visit_id')
    .innerJoin('patients as p', 'p.id', 'v.patient_id')
    .innerJoin('departments as d', 'd.id', 'q.department_id')
    .leftJoin('staff as doc', 'doc.id', 'q.doctor_staff_id')
    .leftJoin('staff as caller', 'caller.id', 'q.called_by_staff_id')
    .leftJoin('registrations as r', 'r.visit_id', 'q.visit_id')
    .select([
      'q.id',
      'q.visit_id',
      'v.patient_id',
      'p.name as patient_name',
      'p.sex',
      'p.birth_date',
      'p.mrn',
      'q.department_id',
      'd.name as department_name',
      'q.doctor_staff_id',
      'doc.name as doctor_name',
      'q.called_by_staff_id',
      'caller.name as called_by_name',
      'q.day',
      'q.queue_no',
      'q.queue_label',
      'q.status',
      'q.call_count',
      'q.called_at',
      'q.room',
      'q.position',
      'r.id as registration_id',
      'v.payer',
      'v.kind as visit_kind',
      'q.version',
      'q.created_at',
      'q.updated_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toView(r: Row): QueueEntryView {
  return {
    id: r.id,
    visitId: r.visit_id,
    patientId: r.patient_id,
    patientName: r.patient_name,
    maskedName: maskName(r.patient_name),
    sex: r.sex,
    birthDate: r.birth_date,
    mrn: r.mrn,
    departmentId: r.department_id,
    departmentName: r.department_name,
    doctorStaffId: r.doctor_staff_id,
    doctorName: r.doctor_name,
    calledByStaffId: r.called_by_staff_id,
    calledByName: r.called_by_name,
    day: r.day,
    queueNo: r.queue_no,
    label: r.queue_label,
    status: r.status,
    callCount: r.call_count,
    calledAt: r.called_at,
    room: r.room,
    position: r.position,
    registrationId: r.registration_id,
    payer: r.payer,
    visitKind: r.visit_kind,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findById(db: Q, id: number): Promise<QueueEntryView | undefined> {
  const r = await baseQuery(db).where('q.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

export async function findByVisit(db: Q, visitId: number): Promise<QueueEntryView | undefined> {
  const r = await baseQuery(db).where('q.visit_id', '=', visitId).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** A clinic's day in line order (place in line, then number); optionally a page of it. */
export async function listDay(
  db: Q,
  departmentId: number,
  day: string,
  page?: { limit: number; offset: number; open?: boolean; afterId?: number },
): Promise<QueueEntryView[]> {
  let q = baseQuery(db)
    .where('q.department_id', '=', departmentId)
    .where('q.day', '=', day)
    .orderBy('q.position')
    .orderBy('q.queue_no');
  if (page?.open) q = q.where('q.status', 'not in', ['done', 'cancelled']);
  if (page?.afterId !== undefined) q = q.where('q.id', '>', page.afterId);
  if (page) q = q.limit(page.limit).offset(page.offset);
  return (await q.execute()).map(toView);
}

/** The next waiting entry for this doctor: assigned to them or to nobody, by place in line. */
export async function nextWaiting(
  db: Q,
  departmentId: number,
  day: string,
  doctorStaffId: number,
): Promise<number | undefined> {
  const r = await db
    .selectFrom('queue_entries')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .where((eb) => eb.or([eb('doctor_staff_id', '=', doctorStaffId), eb('doctor_staff_id', 'is', null)]))
    .orderBy('position')
    .orderBy('queue_no')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}

// Every status an entry can have (a new one in db/schema.ts fails to compile here): the back of
// a line is the largest of the per-status largest positions, each one look-up at the end of its
// part of the index queue_line (day, department_id, status, position) — not a scan of the
// clinic's whole day, which grew with every registration.
const STATUSES: Record<QueueStatus, true> = {
  waiting: true,
  called: true,
  in_consultation: true,
  passed: true,
  done: true,
  cancelled: true,
};
const lineStatsQuery = prepared((db, p: { day: string; dept: number }) => {
  const last = Object.keys(STATUSES).map(
    (status) =>
      sql`coalesce((SELECT max(position) FROM queue_entries
        WHERE day = ${p.day} AND department_id = ${p.dept} AND status = ${sql.lit(status)}), 0)`,
  );
  const q = sql<{ waiting: number; passed: number; p: number }>`SELECT (SELECT count(*) FROM queue_entries WHERE
    day = ${p.day} AND department_id = ${p.dept} AND status = 'waiting') AS waiting, (SELECT count(*) FROM
    queue_entries WHERE day = ${p.day} AND department_id = ${p.dept} AND status = 'passed') AS passed,
    max(${sql.join(last)}) + 1 AS p`;
  return { compile: () => q.compile(db) };
});

/** The next place at the back of a clinic's line for the day. */
export async function nextPosition(db: Q, departmentId: number, day: string): Promise<number> {
  return (await lineStats(db, departmentId, day)).nextPosition;
}

/** How many wait and how many were passed in a clinic's line today, and the next place at its back, in one query. */
export async function lineStats(
  db: Q,
  departmentId: number,
  day: string,
): Promise<{ waiting: number; passed: number; nextPosition: number }> {
  const r = await lineStatsQuery.first(db, { day, dept: departmentId });
  return { waiting: Number(r!.waiting), passed: Number(r!.passed), nextPosition: Number(r!.p) };
}

const activeDisplays = prepared((db) =>
  db.selectFrom('displays').select(['id', 'department_ids_json']).where('active', '=', 1),
);
/** A display's department list as stored → its ids (parsed once per distinct text). */
const departmentLists = new Map<string, number[]>();

/** Active displays whose department list includes this clinic (the rooms of a queue event). */
export async function displaysShowing(db: Q, departmentId: number): Promise<number[]> {
  const rows = await activeDisplays.all(db, {});
  const ids: number[] = [];
  for (const r of rows) {
    let list = departmentLists.get(r.department_ids_json);
    if (!list) {
      list = JSON.parse(r.department_ids_json) as number[];
      if (departmentLists.size >= 1000) departmentLists.clear();
      departmentLists.set(r.department_ids_json, list);
    }
    if (list.includes(departmentId)) ids.push(r.id);
  }
  return ids;
}

export async function insert(
  db: Q,
  v: {
    visitId: number;
    departmentId: number;
    doctorStaffId: number | null;
    day: string;
    queueNo: number;
    label: string;
    room: string | null;
    position?: number;
  },
  now: number,
): Promise<number> {
  const position = v.position ?? (await nextPosition(db, v.departmentId, v.day));
  const r = await entryInsert.first(db, {
    visitId: v.visitId,
    departmentId: v.departmentId,
    doctorStaffId: v.doctorStaffId ?? null,
    day: v.day,
    queueNo: v.queueNo,
    label: v.label,
    room: v.room ?? null,
    position,
    now,
  });
  return r!.id;
}

const entryInsert = prepared(
  (
    db,
    p: {
      visitId: number;
      departmentId: number;
      doctorStaffId: number | null;
      day: string;
      queueNo: number;
      label: string;
      room: string | null;
      position: number;
      now: number;
    },
  ) =>
    db
      .insertInto('queue_entries')
      .values({
        visit_id: p.visitId,
        department_id: p.departmentId,
        doctor_staff_id: p.doctorStaffId,
        day: p.day,
        queue_no: p.queueNo,
        queue_label: p.label,
        status: 'waiting',
        called_by_staff_id: null,
        called_at: null,
        room: p.room,
        position: p.position,
        created_at: p.now,
        updated_at: p.now,
      })
      .returning('id'),
);

export async function update(
  db: Q,
  id: number,
  v: {
    status: QueueStatus;
    doctorStaffId?: number | null;
    calledByStaffId?: number | null;
    calledAt?: number | null;
    bumpCalls?: boolean;
    room?: string | null;
    position?: number;
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('queue_entries')
    .set((eb) => ({
      status: v.status,
      ...(v.doctorStaffId !== undefined ? { doctor_staff_id: v.doctorStaffId } : {}),
      ...(v.calledByStaffId !== undefined ? { called_by_staff_id: v.calledByStaffId } : {}),
      ...(v.calledAt !== undefined ? { called_at: v.calledAt } : {}),
      ...(v.bumpCalls ? { call_count: eb('call_count', '+', 1) } : {}),
      ...(v.room !== undefined ? { room: v.room } : {}),
      ...(v.position !== undefined ? { position: v.position } : {}),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** The visit's registration was cancelled: so is its queue entry. */
export async function cancelByVisit(db: Q, visitId: number, now: number): Promise<void> {
  await db
    .updateTable('queue_entries')
    .set((eb) => ({ status: 'cancelled', updated_at: now, version: eb('version', '+', 1) }))
    .where('visit_id', '=', visitId)
    .execute();
}

/** The room a doctor sits in today at this clinic: their roster row's room, else the clinic's (pass it if known). */
export async function roomFor(
  db: Q,
  departmentId: number,
  day: string,
  doctorStaffId: number | null,
  clinicRoom?: string | null,
): Promise<string | null> {
  if (doctorStaffId !== null) {
    const r = await db
      .selectFrom('roster')
      .select('room')
      .where('day', '=', day)
      .where('department_id', '=', departmentId)
      .where('doctor_staff_id', '=', doctorStaffId)
      .where('room', 'is not', null)
      .executeTakeFirst();
    if (r?.room) return r.room;
  }
  if (clinicRoom !== undefined) return clinicRoom;
  const c = await db.selectFrom('clinics').select('room').where('department_id', '=', departmentId).executeTakeFirst();
  return c?.room ?? null;
}

export async function departmentKind(db: Q, id: number): Promise<{ kind: string; name: string } | undefined> {
  return db.selectFrom('departments').select(['kind', 'name']).where('id', '=', id).executeTakeFirst();
}

/** A doctor of the clinic on `day`: on its roster that day, or a staff member of that department. */
export async function isClinicDoctor(db: Q, departmentId: number, day: string, staffId: number): Promise<boolean> {
  const rostered = await db
    .selectFrom('roster')
    .select('id')
    .where('day', '=', day)
    .where('department_id', '=', departmentId)
    .where('doctor_staff_id', '=', staffId)
    .executeTakeFirst();
  if (rostered) return true;
  const staff = await db
    .selectFrom('staff')
    .select('id')
    .where('id', '=', staffId)
    .where('department_id', '=', departmentId)
    .executeTakeFirst();
  return staff !== undefined;
}
