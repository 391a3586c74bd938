// Commands of the roles module that other modules call (through its index.ts). It owns the
// roles and role_permissions tables (server/modules/owners.ts).
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

export interface BuiltinRoleSpec {
  code: string;
  name: { zh: string; en: string };
  permissions: readonly string[];
}

/** Built-in roles follow the given list (auth's permissions.ts): created if missing, their
 *  names and permissions made equal to it. Inside the caller's unit of work. */
export async function syncBuiltinRoles(db: Db | Trx, roles: readonly BuiltinRoleSpec[], now: number): Promise<void> {
  for (const r of roles) {
    let role = await db.selectFrom('roles').select(['id']).where('code', '=', r.code).executeTakeFirst();
    if (!role) {
      role = await db
        .insertInto('roles')
        .values({
          code: r.code,
          name_zh: r.name.zh,
          name_en: r.name.en,
          builtin: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    } else {
      await db
        .updateTable('roles')
        .set({ name_zh: r.name.zh, name_en: r.name.en, builtin: 1 })
        .where('id', '=', role.id)
        .execute();
    }
    await db.deleteFrom('role_permissions').where('role_id', '=', role.id).execute();
    await db
      .insertInto('role_permissions')
      .values(r.permissions.map((p) => ({ role_id: role.id, permission: p })))
      .execute();
  }
}
