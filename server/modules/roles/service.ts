// Roles (角色): the rules. Built-in roles follow permissions.ts and are read-only here;
// custom roles hold permissions from the catalog; a role still assigned cannot be deleted;
// a permission change takes effect at once (every cached session is dropped after commit).
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { PERMISSION_CODES } from '../auth/index.js';
import type { ModuleContext } from '../context.js';
import { assertUserAdminRemains } from '../users/index.js';
import { roleChanged } from './events.js';
import * as repo from './repo.js';
import type { CreateRole, RoleView, UpdateRole } from './schema.js';

export const ROLE = t('角色', 'Role');

function checkPermissions(permissions: string[]): void {
  const unknown = permissions.filter((p) => !PERMISSION_CODES.has(p));
  if (unknown.length) {
    throw invalid(
      'permissions',
      t(`不存在的权限:${unknown.slice(0, 5).join('、')}`, `No such permission: ${unknown.slice(0, 5).join(', ')}`),
    );
  }
}

const builtinRole = () =>
  conflict(
    'builtin_role',
    t(
      '内置角色不能修改或删除;如需不同的权限,请新建角色',
      'Built-in roles cannot be changed or deleted; create a new role for different permissions',
    ),
  );

export function createRolesService(deps: Pick<ModuleContext, 'db' | 'uow' | 'auth'>) {
  const { db, uow, auth } = deps;
  return {
    list(): Promise<RoleView[]> {
      return repo.list(db);
    },

    create(actor: Actor, input: CreateRole): Promise<RoleView> {
      checkPermissions(input.permissions);
      return uow.write(async (tx) => {
        if (await repo.codeTaken(tx.db, input.code)) {
          throw conflict(
            'duplicate',
            t(`角色代码“${input.code}”已被使用`, `The role code "${input.code}" is already used`),
            'code',
          );
        }
        const id = await repo.insert(tx.db, input, tx.now);
        await repo.setPermissions(tx.db, id, input.permissions);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'role.create', entity: 'role', entityId: id, before: null, after });
        tx.emit(roleChanged(id, 'created'));
        return after;
      });
    },

    async update(actor: Actor, id: number, input: UpdateRole): Promise<RoleView> {
      checkPermissions(input.permissions);
      const after = await uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(ROLE, id);
        if (before.builtin) throw builtinRole();
        if (before.version !== input.version) throw staleVersion(ROLE);
        await repo.update(tx.db, id, input, tx.now);
        await repo.setPermissions(tx.db, id, input.permissions);
        await assertUserAdminRemains(tx.db, 'permissions');
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'role.update', entity: 'role', entityId: id, before, after });
        tx.emit(roleChanged(id, 'updated'));
        return after;
      });
      auth.invalidateAll();
      return after;
    },

    async remove(actor: Actor, id: number): Promise<{ ok: true }> {
      await uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(ROLE, id);
        if (before.builtin) throw builtinRole();
        if (before.userCount > 0) {
          throw conflict(
            'role_in_use',
            t(
              `还有 ${before.userCount} 个账号使用该角色,请先取消分配`,
              `${before.userCount} accounts still hold this role; unassign it first`,
            ),
          );
        }
        await repo.remove(tx.db, id);
        await tx.audit(actor, { action: 'role.delete', entity: 'role', entityId: id, before, after: null });
        tx.emit(roleChanged(id, 'deleted'));
      });
      auth.invalidateAll();
      return { ok: true };
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
