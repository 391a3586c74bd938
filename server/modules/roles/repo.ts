// Roles: the only Kysely queries of this module.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';
import type { RoleView } from './schema.js';

type Q = Db | Trx;

async function views(db: Q, id?: number): Promise<RoleView[]> {
  let q = db
    .selectFrom('roles')
    .select(['id', 'code', 'name_zh', 'name_en', 'builtin', 'version'])
    .orderBy('builtin', 'desc')
    .orderBy('code');
  if (id !== undefined) q = q.where('id', '=', id);
  const roles = await q.execute();
  if (roles.length === 0) return [];
  const ids = roles.map((r) => r.id);
  const perms = await db
    .selectFrom('role_permissions')
    .select(['role_id', 'permission'])
    .where('role_id', 'in', ids)
    .orderBy('permission')
    .execute();
  const counts = await db
    .selectFrom('user_roles')
    .select((eb) => ['role_id', eb.fn.countAll<number>().as('n')])
    .where('role_id', 'in', ids)
    .groupBy('role_id')
    .execute();
  const permsOf = new Map<number, string[]>();
  for (const p of perms) (permsOf.get(p.role_id) ?? permsOf.set(p.role_id, []).get(p.role_id)!).push(p.permission);
  const countOf = new Map(counts.map((c) => [c.role_id, Number(c.n)]));
  return roles.map((r) => ({
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    builtin: r.builtin === 1,
    permissions: permsOf.get(r.id) ?? [],
    userCount: countOf.get(r.id) ?? 0,
    version: r.version,
  }));
}

export const list = (db: Q) => views(db);

export async function findById(db: Q, id: number): Promise<RoleView | undefined> {
  return (await views(db, id))[0];
}

export async function codeTaken(db: Q, code: string): Promise<boolean> {
  return !!(await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insert(db: Q, v: { code: string; nameZh: string; nameEn: string }, now: number): Promise<number> {
  const r = await db
    .insertInto('roles')
    .values({ code: v.code, name_zh: v.nameZh, name_en: v.nameEn, builtin: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function update(db: Q, id: number, v: { nameZh: string; nameEn: string }, now: number): Promise<void> {
  await db
    .updateTable('roles')
    .set((eb) => ({ name_zh: v.nameZh, name_en: v.nameEn, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function setPermissions(db: Q, roleId: number, permissions: string[]): Promise<void> {
  await db.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
  if (permissions.length) {
    await db
      .insertInto('role_permissions')
      .values(permissions.map((permission) => ({ role_id: roleId, permission })))
      .execute();
  }
}

export async function remove(db: Q, id: number): Promise<void> {
  await db.deleteFrom('role_permissions').where('role_id', '=', id).execute();
  await db.deleteFrom('roles').where('id', '=', id).execute();
}
