import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export function findUserByUsername(db: Q, username: string) {
  return db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select([
      'users.id',
      'users.username',
      'users.password_hash',
      'users.active',
      'users.must_change_password',
      'users.failed_attempts',
      'users.locked_until',
      'users.staff_id',
      'staff.name as staff_name',
      'staff.department_id',
      'staff.active as staff_active',
    ])
    .where('users.username', '=', username)
    .executeTakeFirst();
}

export function findUserById(db: Q, id: number) {
  return db
    .selectFrom('users')
    .innerJoin('staff', 'staff.id', 'users.staff_id')
    .select([
      'users.id',
      'users.username',
      'users.password_hash',
      'users.active',
      'users.must_change_password',
      'users.failed_attempts',
      'users.locked_until',
      'users.staff_id',
      'staff.name as staff_name',
      'staff.department_id',
      'staff.active as staff_active',
    ])
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export async function rolesAndPermissions(db: Q, userId: number): Promise<{ roles: string[]; permissions: string[] }> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
    .select(['roles.code', 'role_permissions.permission'])
    .where('user_roles.user_id', '=', userId)
    .execute();
  const roles = new Set<string>();
  const permissions = new Set<string>();
  for (const r of rows) {
    roles.add(r.code);
    if (r.permission) permissions.add(r.permission);
  }
  return { roles: [...roles].sort(), permissions: [...permissions].sort() };
}

export function findSession(db: Q, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}
