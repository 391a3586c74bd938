import { sql } from 'kysely';
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

/**
 * Counts one wrong password in one statement (no read-modify-write across an await): the
 * counter goes up by one (or restarts at 1 after a lock that has run out) and the account
 * locks when it reaches `maxFailures`; an existing lock is kept, not extended.
 */
export async function countFailedSignIn(db: Q, userId: number, now: number, maxFailures: number, lockUntil: number) {
  const r = await sql<{ failed_attempts: number; locked_until: number | null }>`
    UPDATE users SET
      failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_attempts + 1 END,
      locked_until = CASE
        WHEN locked_until IS NOT NULL AND locked_until > ${now} THEN locked_until
        WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_attempts + 1 END) >= ${maxFailures} THEN ${lockUntil}
        ELSE NULL
      END
    WHERE id = ${userId}
    RETURNING failed_attempts, locked_until`.execute(db);
  return r.rows[0] ?? { failed_attempts: 0, locked_until: null };
}

/** A successful sign-in clears the counter, only if the account is not locked now; false when it is. */
export async function clearFailedSignIns(db: Q, userId: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ failed_attempts: 0, locked_until: null, last_sign_in_at: now })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
