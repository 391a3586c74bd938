// Commands on user accounts that other modules call: auth (sign-in counters, password change,
// the CLI's reset, the first administrator) and the demo seed. The users module owns the users
// and user_roles tables; these are its only writers besides its own repo.ts (issue 10 item 1).
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../db/connection.js';
import type { UsersTable } from '../../../db/schema.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

/** A new user row as given (the first administrator, the demo's users); its id. */
export async function insertUser(db: Q, row: Insertable<UsersTable>): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Gives a user these roles (in addition to any it has). */
export async function addUserRoles(db: Q, userId: number, roleIds: readonly number[]): Promise<void> {
  if (roleIds.length)
    await db
      .insertInto('user_roles')
      .values(roleIds.map((role_id) => ({ user_id: userId, role_id })))
      .execute();
}

/**
 * Counts one wrong password in one statement (no read-modify-write across an await): the
 * counter goes up by one (or restarts at 1 after a lock that has run out) and the account
 * locks when it reaches `maxFailures`; an existing lock is kept, not extended.
 */
export async function countFailedSignIn(db: Q, userId: number, now: number, maxFailures: number, lockUntil: number) {
  const r = await sql<{ failed_attempts: number; locked_until: number | null }>`
    UPDATE users SET
      failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_attempts + 1
        END,
      locked_until = CASE
        WHEN locked_until IS NOT NULL AND locked_until > ${now} THEN locked_until
        WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_attempts + 1 END) >=
          ${maxFailures} THEN ${lockUntil}
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

/** The user chose a new password (the one-time password is gone). */
export async function setChosenPassword(db: Q, userId: number, passwordHash: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({
      password_hash: passwordHash,
      must_change_password: 0,
      password_changed_at: now,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
}

/** The command line's reset: a one-time password, the account unlocked. */
export async function resetToOneTimePassword(db: Q, userId: number, passwordHash: string, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: 1,
      failed_attempts: 0,
      locked_until: null,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}
