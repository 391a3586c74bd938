// User accounts: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import { searchCondition } from '../../lib/search.js';
import type { Trx } from '../../lib/uow.js';
import type { UserQuery } from './schema.js';

type Q = Db | Trx;

export interface UserRow {
  id: number;
  username: string;
  staffId: number;
  staffName: string;
  departmentId: number;
  departmentName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: number | null;
  lastSignInAt: number | null;
  version: number;
}

function base(db: Q) {
  return db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .innerJoin('departments', 'departments.id', 'staff.department_id')
    .select([
      'users.id',
      'users.username',
      'users.staff_id',
      'staff.name as staff_name',
      'staff.department_id',
      'departments.name as department_name',
      'users.active',
      'users.must_change_password',
      'users.locked_until',
      'users.last_sign_in_at',
      'users.version',
    ]);
}

async function withRoles(db: Q, rows: Awaited<ReturnType<ReturnType<typeof base>['execute']>>): Promise<UserRow[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roleRows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.user_id', 'roles.code'])
    .where('user_roles.user_id', 'in', ids)
    .orderBy('roles.code')
    .execute();
  const byUser = new Map<number, string[]>();
  for (const r of roleRows) (byUser.get(r.user_id) ?? byUser.set(r.user_id, []).get(r.user_id)!).push(r.code);
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    staffId: r.staff_id,
    staffName: r.staff_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    roles: byUser.get(r.id) ?? [],
    active: r.active === 1,
    mustChangePassword: r.must_change_password === 1,
    lockedUntil: r.locked_until,
    lastSignInAt: r.last_sign_in_at,
    version: r.version,
  }));
}

export async function list(db: Q, q: UserQuery): Promise<UserRow[]> {
  let query = base(db).orderBy('users.username');
  if (q.active !== undefined) query = query.where('users.active', '=', q.active ? 1 : 0);
  if (q.q) {
    query = query.where(
      searchCondition(q.q, {
        contains: ['users.username', 'staff.code', 'staff.name'],
        initials: 'staff.pinyin_initials',
        full: 'staff.pinyin_full',
      }),
    );
  }
  return withRoles(db, await query.execute());
}

export async function findById(db: Q, id: number): Promise<UserRow | undefined> {
  const rows = await withRoles(db, await base(db).where('users.id', '=', id).execute());
  return rows[0];
}

export async function usernameTaken(db: Q, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export function findStaff(db: Q, staffId: number) {
  return db
    .selectFrom('staff')
    .leftJoin('users', 'users.staff_id', 'staff.id')
    .select(['staff.id', 'staff.active', 'users.id as user_id'])
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
}

/** Role ids for codes (case-insensitive, as the column's collation). */
export async function rolesByCode(db: Q, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('roles').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code.toLowerCase(), r.id]));
}

export async function insert(
  db: Q,
  v: { username: string; staffId: number; passwordHash: string },
  now: number,
): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({
      username: v.username,
      staff_id: v.staffId,
      password_hash: v.passwordHash,
      must_change_password: 1,
      locked_until: null,
      password_changed_at: null,
      last_sign_in_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setRoles(db: Q, userId: number, roleIds: number[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roleIds.length)
    await db
      .insertInto('user_roles')
      .values(roleIds.map((role_id) => ({ user_id: userId, role_id })))
      .execute();
}

export async function setActive(db: Q, userId: number, active: boolean, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ active: active ? 1 : 0, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

export async function setOneTimePassword(db: Q, userId: number, passwordHash: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: 1,
      failed_attempts: 0,
      locked_until: null,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
}

export async function unlock(db: Q, userId: number, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_attempts: 0, locked_until: null, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

/** Active users (with an active staff record) holding a permission through any role. */
export async function countActiveHolders(db: Q, permission: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'user_roles.role_id')
    .select((eb) => eb.fn.count<number>('users.id').distinct().as('n'))
    .where('users.active', '=', 1)
    .where('staff.active', '=', 1)
    .where('role_permissions.permission', '=', permission)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
