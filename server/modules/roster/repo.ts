// Roster: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { RosterEntryView } from './schema.js';

type Q = Db | Trx;

export async function listDay(db: Q, day: string, departmentId?: number): Promise<RosterEntryView[]> {
  let q = db
    .selectFrom('roster as r')
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .innerJoin('staff as s', 's.id', 'r.doctor_staff_id')
    .select([
      'r.id',
      'r.day',
      'r.department_id',
      'd.name as department_name',
      'r.doctor_staff_id',
      's.name as doctor_name',
      'r.session',
      'r.room',
    ])
    .where('r.day', '=', day)
    .orderBy('d.code')
    .orderBy('r.session')
    .orderBy('s.code');
  if (departmentId !== undefined) q = q.where('r.department_id', '=', departmentId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    day: r.day,
    departmentId: r.department_id,
    departmentName: r.department_name,
    doctorStaffId: r.doctor_staff_id,
    doctorName: r.doctor_name,
    session: r.session,
    room: r.room,
  }));
}

export async function replaceDay(
  db: Q,
  day: string,
  entries: Array<{ departmentId: number; doctorStaffId: number; session: 'am' | 'pm' | 'all'; room: string | null }>,
  now: number,
): Promise<void> {
  await db.deleteFrom('roster').where('day', '=', day).execute();
  for (const e of entries) {
    await db
      .insertInto('roster')
      .values({
        day,
        department_id: e.departmentId,
        doctor_staff_id: e.doctorStaffId,
        session: e.session,
        room: e.room,
        created_at: now,
      })
      .execute();
  }
}

export function findDepartments(db: Q, ids: number[]) {
  return ids.length
    ? db.selectFrom('departments').select(['id', 'name', 'kind', 'active']).where('id', 'in', ids).execute()
    : Promise.resolve([]);
}

export function findStaff(db: Q, ids: number[]) {
  return ids.length
    ? db.selectFrom('staff').select(['id', 'name', 'active']).where('id', 'in', ids).execute()
    : Promise.resolve([]);
}

/** Is this doctor on this clinic's roster for the day (any session)? */
export async function isRostered(db: Q, day: string, departmentId: number, doctorStaffId: number): Promise<boolean> {
  const r = await db
    .selectFrom('roster')
    .select('id')
    .where('day', '=', day)
    .where('department_id', '=', departmentId)
    .where('doctor_staff_id', '=', doctorStaffId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Active staff who may see outpatients (a user with outpatient.consult): who can be rostered. */
export async function doctors(
  db: Q,
): Promise<Array<{ staffId: number; name: string; departmentId: number; departmentName: string }>> {
  const rows = await db
    .selectFrom('staff as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .innerJoin('users as u', 'u.staff_id', 's.id')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ur.role_id')
    .select(['s.id', 's.name', 's.department_id', 'd.name as department_name'])
    .where('rp.permission', '=', 'outpatient.consult')
    .where('s.active', '=', 1)
    .where('u.active', '=', 1)
    .distinct()
    .orderBy('s.code')
    .execute();
  return rows.map((r) => ({
    staffId: r.id,
    name: r.name,
    departmentId: r.department_id,
    departmentName: r.department_name,
  }));
}
