// User accounts (用户账号): the rules. One account per staff member; every account starts
// with a generated one-time password that must be changed at first sign-in; disabling an
// account or resetting its password ends its sessions at once; an administrator cannot lock
// themself (or everybody) out.
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { generatePassword } from '../../lib/ids.js';
import type { Trx } from '../../lib/uow.js';
import { revokeUserSessions } from '../auth/index.js';
import { hashPassword } from '../auth/index.js';
import type { ModuleContext } from '../context.js';
import { userChanged } from './events.js';
import { assertUserAdminRemains } from './guard.js';
import * as repo from './repo.js';
import type { CreateUser, UpdateUser, UserQuery, UserView } from './schema.js';

export const USER = t('用户账号', 'User account');
const ADMIN_ROLE = 'admin';

async function resolveRoles(db: Trx, codes: string[]): Promise<number[]> {
  const found = await repo.rolesByCode(db, codes);
  const missing = codes.filter((c) => !found.has(c.toLowerCase()));
  if (missing.length) {
    throw invalid('roles', t(`角色不存在:${missing.join('、')}`, `No such role: ${missing.join(', ')}`));
  }
  return [...new Set(codes.map((c) => found.get(c.toLowerCase())!))];
}

export function createUsersService(deps: Pick<ModuleContext, 'db' | 'uow' | 'auth' | 'clock'>) {
  const { db, uow, auth, clock } = deps;

  /** A lock that has run out is no lock: show null. */
  const view = (r: repo.UserRow, now: number = clock.now()): UserView => ({
    ...r,
    lockedUntil: r.lockedUntil !== null && r.lockedUntil > now ? r.lockedUntil : null,
  });

  async function load(db: Trx, id: number, now: number): Promise<UserView> {
    const r = await repo.findById(db, id);
    if (!r) throw notFound(USER, id);
    return view(r, now);
  }

  return {
    async list(q: UserQuery): Promise<UserView[]> {
      const now = clock.now();
      return (await repo.list(db, q)).map((r) => view(r, now));
    },

    async create(actor: Actor, input: CreateUser): Promise<{ user: UserView; oneTimePassword: string }> {
      // scrypt takes a while: hash before taking the write lock.
      const oneTimePassword = generatePassword(12);
      const passwordHash = await hashPassword(oneTimePassword);
      const user = await uow.write(async (tx) => {
        const staff = await repo.findStaff(tx.db, input.staffId);
        if (!staff)
          throw invalid(
            'staffId',
            t(`人员不存在(编号 ${input.staffId})`, `Staff member ${input.staffId} does not exist`),
          );
        if (staff.active !== 1)
          throw invalid(
            'staffId',
            t('该人员已停用,不能开通账号', 'This staff member is deactivated; an account cannot be opened'),
          );
        if (staff.user_id !== null)
          throw conflict(
            'duplicate',
            t('该人员已有用户账号', 'This staff member already has a user account'),
            'staffId',
          );
        if (await repo.usernameTaken(tx.db, input.username)) {
          throw conflict(
            'duplicate',
            t(`用户名“${input.username}”已被使用`, `The username "${input.username}" is already used`),
            'username',
          );
        }
        const roleIds = await resolveRoles(tx.db, input.roles);
        const id = await repo.insert(tx.db, { username: input.username, staffId: input.staffId, passwordHash }, tx.now);
        await repo.setRoles(tx.db, id, roleIds);
        const after = await load(tx.db, id, tx.now);
        await tx.audit(actor, { action: 'user.create', entity: 'user', entityId: id, before: null, after });
        tx.emit(userChanged(id, 'created'));
        return after;
      });
      return { user, oneTimePassword };
    },

    async update(actor: Actor, id: number, input: UpdateUser): Promise<UserView> {
      const after = await uow.write(async (tx) => {
        const before = await load(tx.db, id, tx.now);
        if (before.version !== input.version) throw staleVersion(USER);
        const roleIds = await resolveRoles(tx.db, input.roles);
        if (id === actor.userId) {
          if (!input.active) {
            throw conflict('own_account', t('不能停用自己的账号', 'You cannot disable your own account'), 'active');
          }
          const hadAdmin = before.roles.some((r) => r.toLowerCase() === ADMIN_ROLE);
          const keepsAdmin = input.roles.some((r) => r.toLowerCase() === ADMIN_ROLE);
          if (hadAdmin && !keepsAdmin) {
            throw conflict(
              'own_account',
              t('不能去掉自己的系统管理员角色', 'You cannot remove your own administrator role'),
              'roles',
            );
          }
        }
        await repo.setRoles(tx.db, id, roleIds);
        await repo.setActive(tx.db, id, input.active, tx.now);
        const disabled = before.active && !input.active;
        if (disabled) await revokeUserSessions(tx.db, id, tx.now);
        await assertUserAdminRemains(tx.db, disabled ? 'active' : 'roles');
        const after = await load(tx.db, id, tx.now);
        await tx.audit(actor, { action: 'user.update', entity: 'user', entityId: id, before, after });
        tx.emit(userChanged(id, 'updated'));
        return after;
      });
      auth.invalidateUser(id, { endSessions: true });
      return after;
    },

    async resetPassword(actor: Actor, id: number): Promise<{ oneTimePassword: string }> {
      const oneTimePassword = generatePassword(12);
      const passwordHash = await hashPassword(oneTimePassword);
      await uow.write(async (tx) => {
        const before = await load(tx.db, id, tx.now);
        await repo.setOneTimePassword(tx.db, id, passwordHash, tx.now);
        const ended = await revokeUserSessions(tx.db, id, tx.now);
        const after = await load(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'user.reset-password',
          entity: 'user',
          entityId: id,
          before,
          after,
          summary: { sessionsEnded: ended },
        });
        tx.emit(userChanged(id, 'updated'));
      });
      auth.invalidateUser(id, { endSessions: true });
      return { oneTimePassword };
    },

    async unlock(actor: Actor, id: number): Promise<UserView> {
      return uow.write(async (tx) => {
        const before = await load(tx.db, id, tx.now);
        const raw = await repo.findById(tx.db, id);
        await repo.unlock(tx.db, id, tx.now);
        const after = await load(tx.db, id, tx.now);
        await tx.audit(actor, {
          action: 'user.unlock',
          entity: 'user',
          entityId: id,
          before: { ...before, lockedUntil: raw!.lockedUntil },
          after,
        });
        tx.emit(userChanged(id, 'updated'));
        return after;
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
