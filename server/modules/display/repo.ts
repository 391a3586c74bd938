// Displays: the only Kysely queries of this module.
import { sql } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { DisplayView } from './schema.js';

type Q = Db | Trx;

type Row = {
  id: number;
  name: string;
  department_ids_json: string;
  active: 0 | 1;
  version: number;
  created_at: number;
  updated_at: number;
};

async function toViews(db: Q, rows: Row[]): Promise<DisplayView[]> {
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.department_ids_json) as number[]))];
  const names = new Map(
    ids.length
      ? (await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute()).map((d) => [
          d.id,
          d.name,
        ])
      : [],
  );
  return rows.map((r) => {
    const departmentIds = JSON.parse(r.department_ids_json) as number[];
    return {
      id: r.id,
      name: r.name,
      departmentIds,
      departments: departmentIds.map((id) => ({ id, name: names.get(id) ?? String(id) })),
      active: r.active === 1,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

const COLS = ['id', 'name', 'department_ids_json', 'active', 'version', 'created_at', 'updated_at'] as const;

export async function list(db: Q): Promise<DisplayView[]> {
  return toViews(db, await db.selectFrom('displays').select(COLS).orderBy('id').execute());
}

export async function findById(db: Q, id: number): Promise<DisplayView | undefined> {
  const r = await db.selectFrom('displays').select(COLS).where('id', '=', id).executeTakeFirst();
  return r ? (await toViews(db, [r]))[0] : undefined;
}

export function findByTokenHash(db: Q, hash: string) {
  return db
    .selectFrom('displays')
    .select(['id', 'name', 'department_ids_json', 'active'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

export async function insert(
  db: Q,
  v: { name: string; departmentIds: number[]; tokenHash: string },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('displays')
    .values({
      name: v.name,
      token_hash: v.tokenHash,
      department_ids_json: JSON.stringify(v.departmentIds),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(
  db: Q,
  id: number,
  v: { name?: string; departmentIds?: number[]; active?: boolean; tokenHash?: string },
  now: number,
): Promise<void> {
  await db
    .updateTable('displays')
    .set((eb) => ({
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.departmentIds !== undefined ? { department_ids_json: JSON.stringify(v.departmentIds) } : {}),
      ...(v.active !== undefined ? { active: v.active ? 1 : 0 } : {}),
      ...(v.tokenHash !== undefined ? { token_hash: v.tokenHash } : {}),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

export async function remove(db: Q, id: number): Promise<void> {
  await db.deleteFrom('displays').where('id', '=', id).execute();
}

export function clinicsOf(db: Q, ids: number[]) {
  return db
    .selectFrom('departments as d')
    .leftJoin('clinics as c', 'c.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.kind', 'c.room'])
    .where('d.id', 'in', ids)
    .execute();
}

/** Today's called, waiting and passed entries of these clinics, with patient names. */
export function activeEntries(db: Q, ids: number[], day: string) {
  return db
    .selectFrom('queue_entries as q')
    .innerJoin('visits as v', 'v.id', 'q.visit_id')
    .innerJoin('patients as p', 'p.id', 'v.patient_id')
    .select([
      'q.id',
      'q.department_id',
      'q.queue_label',
      'q.status',
      'q.room',
      'q.call_count',
      'q.called_at',
      'q.position',
      'q.queue_no',
      'p.name',
    ])
    .where('q.day', '=', day)
    .where('q.department_id', 'in', ids)
    .where('q.status', 'in', ['called', 'waiting'])
    .orderBy('q.position')
    .orderBy('q.queue_no')
    .execute();
}

/** The highest event seq given so far (0 when none). */
export async function lastSeq(db: Q): Promise<number> {
  const r = await sql<{
    m: number | null;
  }>`SELECT max(coalesce((SELECT max(seq) FROM event_log), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name =
    'event_log'), 0)) AS m`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

export function departments(db: Q, ids: number[]) {
  return ids.length
    ? db.selectFrom('departments').select(['id', 'name', 'kind']).where('id', 'in', ids).execute()
    : Promise.resolve([]);
}
