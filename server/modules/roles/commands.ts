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
 *  names and permissions made equal to it. Inside the caller's unit of work. Reads every role
 *  and its permissions once and writes only a role that differs (a start with nothing changed
 *  writes nothing: no fsync); a role whose set of permissions differs has them deleted and
 *  inserted again, as before. */
export async function syncBuiltinRoles(db: Db | Trx, roles: readonly BuiltinRoleSpec[], now: number): Promise<void> {
  const rows = await db
    .selectFrom('roles')
    .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
    .select([
      'roles.id',
      'roles.code',
      'roles.name_zh',
      'roles.name_en',
      'roles.builtin',
      'role_permissions.permission',
    ])
    .where(
      'roles.code',
      'in',
      roles.map((r) => r.code),
    )
    .execute();
  const stored = new Map<string, { id: number; nameZh: string; nameEn: string; builtin: number; perms: Set<string> }>();
  for (const r of rows) {
    let s = stored.get(r.code);
    if (!s) {
      s = { id: r.id, nameZh: r.name_zh, nameEn: r.name_en, builtin: r.builtin, perms: new Set() };
      stored.set(r.code, s);
    }
    if (r.permission !== null) s.perms.add(r.permission);
  }
  for (const r of roles) {
    const s = stored.get(r.code);
    let id: number;
    if (!s) {
      id = (
        await db
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
          .executeTakeFirstOrThrow()
      ).id;
    } else {
      id = s.id;
      if (s.nameZh !== r.name.zh || s.nameEn !== r.name.en || s.builtin !== 1)
        await db
          .updateTable('roles')
          .set({ name_zh: r.name.zh, name_en: r.name.en, builtin: 1 })
          .where('id', '=', id)
          .execute();
      if (s.perms.size === new Set(r.permissions).size && r.permissions.every((p) => s.perms.has(p))) continue;
    }
    await db.deleteFrom('role_permissions').where('role_id', '=', id).execute();
    if (r.permissions.length)
      await db
        .insertInto('role_permissions')
        .values(r.permissions.map((p) => ({ role_id: id, permission: p })))
        .execute();
  }
}
