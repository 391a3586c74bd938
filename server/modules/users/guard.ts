// Lock-out protection shared by users, roles and staff: the center must always keep at
// least one active user (with an active staff record) who can manage user accounts.
import { conflict } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import type { Trx } from '../../lib/uow.js';
import { countActiveHolders } from './repo.js';

export const USER_ADMIN_PERMISSION = 'admin.users';

/** Call inside the transaction, after the change: throws 409 `last_admin` (rolled back) if nobody is left. */
export async function assertUserAdminRemains(db: Trx, field: string): Promise<void> {
  const n = await countActiveHolders(db, USER_ADMIN_PERMISSION);
  if (n === 0) {
    throw conflict(
      'last_admin',
      t(
        '这是最后一个能管理用户账号(admin.users)的在用账号,不能停用或去掉该权限,否则将无人能管理系统',
        'This is the last active account that can manage user accounts (admin.users); it cannot be disabled or ' +
          'lose that permission, or nobody could administer the system',
      ),
      field,
    );
  }
}
