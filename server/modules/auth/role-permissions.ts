// Role permissions in memory (issue 10 item 6): every role's code and permissions are read
// once and kept; loading a session reads only the user's role ids (user_roles). Dropped when
// a role changes (auth.invalidateAll, called by the roles service after its commit, and after
// the built-in roles are synchronised); a role id not in memory (a role created since) reloads
// them.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

interface Role {
  code: string;
  permissions: string[];
}

export interface RolePermissions {
  /** The user's role codes and the union of their permissions, both sorted. */
  of(q: Q, userId: number): Promise<{ roles: string[]; permissions: string[] }>;
  invalidate(): void;
  /** Loads of every role so far (tests). */
  readonly loads: number;
}

export function createRolePermissions(): RolePermissions {
  let roles: Promise<Map<number, Role>> | null = null;
  let loads = 0;

  function load(q: Q): Promise<Map<number, Role>> {
    loads++;
    const p = q
      .selectFrom('roles')
      .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
      .select(['roles.id', 'roles.code', 'role_permissions.permission'])
      .execute()
      .then((rows) => {
        const m = new Map<number, Role>();
        for (const r of rows) {
          let role = m.get(r.id);
          if (!role) m.set(r.id, (role = { code: r.code, permissions: [] }));
          if (r.permission) role.permissions.push(r.permission);
        }
        return m;
      });
    roles = p;
    p.catch(() => {
      if (roles === p) roles = null;
    });
    return p;
  }

  return {
    async of(q, userId) {
      const ids = (await q.selectFrom('user_roles').select('role_id').where('user_id', '=', userId).execute()).map(
        (r) => r.role_id,
      );
      let all = await (roles ?? load(q));
      if (ids.some((id) => !all.has(id))) all = await load(q);
      const codes = new Set<string>();
      const permissions = new Set<string>();
      for (const id of ids) {
        const role = all.get(id);
        if (!role) continue;
        codes.add(role.code);
        for (const p of role.permissions) permissions.add(p);
      }
      return { roles: [...codes].sort(), permissions: [...permissions].sort() };
    },
    invalidate() {
      roles = null;
    },
    get loads() {
      return loads;
    },
  };
}
