// Clinics: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { ClinicView } from './schema.js';

type Q = Db | Trx;

export async function list(db: Q, day: string, departmentId?: number): Promise<ClinicView[]> {
  let q = db
    .selectFrom('departments as d')
    .leftJoin('clinics as c', 'c.department_id', 'd.id')
    .leftJoin('catalog_items as i', 'i.id', 'c.fee_item_id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.location',
      'c.department_id as configured',
      'c.queue_prefix',
      'c.registration_fee_fen',
      'c.fee_item_id',
      'i.name as fee_item_name',
      'c.room',
      'c.version',
    ])
    .where('d.kind', '=', 'clinic')
    .where('d.active', '=', 1)
    .orderBy('d.code');
  if (departmentId !== undefined) q = q.where('d.id', '=', departmentId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roster = await db
    .selectFrom('roster as r')
    .innerJoin('staff as s', 's.id', 'r.doctor_staff_id')
    .select(['r.department_id', 'r.doctor_staff_id', 's.name', 'r.session', 'r.room'])
    .where('r.day', '=', day)
    .where('r.department_id', 'in', ids)
    .where('s.active', '=', 1)
    .orderBy('r.department_id')
    .orderBy('r.session')
    .orderBy('s.code')
    .execute();
  const waiting = await db
    .selectFrom('queue_entries')
    .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('day', '=', day)
    .where('department_id', 'in', ids)
    .where('status', 'in', ['waiting', 'passed'])
    .groupBy('department_id')
    .execute();
  const waitingOf = new Map(waiting.map((w) => [w.department_id, Number(w.n)]));
  return rows.map((r) => ({
    departmentId: r.id,
    code: r.code,
    name: r.name,
    location: r.location,
    configured: r.configured !== null,
    queuePrefix: r.queue_prefix,
    registrationFeeFen: r.registration_fee_fen ?? 0,
    feeItemId: r.fee_item_id,
    feeItemName: r.fee_item_name,
    room: r.room,
    version: r.version,
    day,
    doctorsToday: roster
      .filter((x) => x.department_id === r.id)
      .map((x) => ({ staffId: x.doctor_staff_id, name: x.name, session: x.session, room: x.room })),
    waiting: waitingOf.get(r.id) ?? 0,
  }));
}

export function findSettings(db: Q, departmentId: number) {
  return db.selectFrom('clinics').selectAll().where('department_id', '=', departmentId).executeTakeFirst();
}

export function findDepartment(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export function findItem(db: Q, id: number) {
  return db
    .selectFrom('catalog_items')
    .select(['id', 'name', 'active', 'charge_category', 'price_fen'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function prefixTaken(db: Q, prefix: string, exceptDepartmentId: number): Promise<boolean> {
  const r = await db
    .selectFrom('clinics')
    .select('department_id')
    .where('queue_prefix', '=', prefix)
    .where('department_id', '!=', exceptDepartmentId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function upsert(
  db: Q,
  departmentId: number,
  v: { queuePrefix: string; registrationFeeFen: number; feeItemId: number | null; room: string | null },
  exists: boolean,
  now: number,
): Promise<void> {
  if (!exists) {
    await db
      .insertInto('clinics')
      .values({
        department_id: departmentId,
        queue_prefix: v.queuePrefix,
        registration_fee_fen: v.registrationFeeFen,
        fee_item_id: v.feeItemId,
        room: v.room,
        updated_at: now,
      })
      .execute();
    return;
  }
  await db
    .updateTable('clinics')
    .set((eb) => ({
      queue_prefix: v.queuePrefix,
      registration_fee_fen: v.registrationFeeFen,
      fee_item_id: v.feeItemId,
      room: v.room,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('department_id', '=', departmentId)
    .execute();
}
