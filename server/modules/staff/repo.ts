// Staff: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { searchWords } from '../../../db/pinyin.js';
import { searchCondition, searchRank, type RankColumns } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { StaffQuery, StaffView } from './schema.js';

type Q = Db | Trx;

function base(db: Q) {
  return db
    .selectFrom('staff')
    .innerJoin('departments', 'departments.id', 'staff.department_id')
    .leftJoin('users', 'users.staff_id', 'staff.id')
    .select([
      'staff.id',
      'staff.code',
      'staff.name',
      'staff.gender',
      'staff.id_number',
      'staff.phone',
      'staff.department_id',
      'departments.name as department_name',
      'staff.title',
      'staff.active',
      'staff.pinyin_initials',
      'users.id as user_id',
      'users.username',
      'staff.version',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toView(r: Row): StaffView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    gender: r.gender,
    idNumber: r.id_number,
    phone: r.phone,
    departmentId: r.department_id,
    departmentName: r.department_name,
    title: r.title,
    active: r.active === 1,
    pinyinInitials: r.pinyin_initials,
    userId: r.user_id,
    username: r.username,
    version: r.version,
  };
}

const SEARCH: RankColumns = {
  exact: ['staff.code'],
  prefix: ['staff.code', 'staff.name'],
  contains: ['staff.code', 'staff.name', 'staff.id_number', 'staff.phone'],
  initials: 'staff.pinyin_initials',
  full: 'staff.pinyin_full',
  words: 'staff.search_words',
};

export async function list(db: Q, q: StaffQuery): Promise<StaffView[]> {
  let query = base(db);
  if (q.departmentId !== undefined) query = query.where('staff.department_id', '=', q.departmentId);
  if (q.active !== undefined) query = query.where('staff.active', '=', q.active ? 1 : 0);
  // With a search text: exact code, then code / name / pinyin from the start, then a word
  // start inside the name (given name: 'xy' for 张秀英), then the rest; by code within.
  if (q.q) query = query.where(searchCondition(q.q, SEARCH)).orderBy(searchRank(q.q, SEARCH));
  return (await query.orderBy('staff.code').execute()).map(toView);
}

export async function findById(db: Q, id: number): Promise<StaffView | undefined> {
  const r = await base(db).where('staff.id', '=', id).executeTakeFirst();
  return r ? toView(r) : undefined;
}

export async function codeTaken(db: Q, code: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('staff').select('id').where('code', '=', code);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function idNumberTaken(db: Q, idNumber: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('staff').select('id').where('id_number', '=', idNumber);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export function findDepartment(db: Q, id: number) {
  return db.selectFrom('departments').select(['id', 'active']).where('id', '=', id).executeTakeFirst();
}

export interface StaffValues {
  code: string;
  name: string;
  gender: 'M' | 'F';
  idNumber: string | null;
  phone: string | null;
  departmentId: number;
  title: string;
  pinyinInitials: string;
  pinyinFull: string;
}

export async function insert(db: Q, v: StaffValues, now: number): Promise<number> {
  const r = await db
    .insertInto('staff')
    .values({
      code: v.code,
      name: v.name,
      gender: v.gender,
      id_number: v.idNumber,
      phone: v.phone,
      department_id: v.departmentId,
      title: v.title,
      pinyin_initials: v.pinyinInitials,
      pinyin_full: v.pinyinFull,
      search_words: searchWords(v.name, { surname: true }),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: StaffValues & { active: boolean }, now: number): Promise<void> {
  await db
    .updateTable('staff')
    .set((eb) => ({
      code: v.code,
      name: v.name,
      gender: v.gender,
      id_number: v.idNumber,
      phone: v.phone,
      department_id: v.departmentId,
      title: v.title,
      active: v.active ? 1 : 0,
      pinyin_initials: v.pinyinInitials,
      pinyin_full: v.pinyinFull,
      search_words: searchWords(v.name, { surname: true }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Staff whose word-start keys are missing (the first administrator, the demo seed): fill them. */
export async function fillSearchWords(db: Q): Promise<number> {
  const rows = await db.selectFrom('staff').select(['id', 'name']).where('search_words', '=', '').execute();
  let n = 0;
  for (const r of rows) {
    const w = searchWords(r.name, { surname: true });
    if (!w) continue;
    await db.updateTable('staff').set({ search_words: w }).where('id', '=', r.id).execute();
    n++;
  }
  return n;
}
