// Staff (人员): the rules. Codes and ID numbers are unique; an ID number is checked
// (GB 11643) and upgraded to 18 characters, and must agree with the gender; the department
// must exist and be in use; deactivating a staff member ends their user's sessions.
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { parseIdNumber } from '../../lib/id-number.js';
import { fillOnce } from '../../lib/search.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { assertUserAdminRemains } from '../users/index.js';
import { revokeUserSessions } from '../auth/index.js';
import { staffChanged } from './events.js';
import * as repo from './repo.js';
import type { CreateStaff, StaffQuery, StaffView, UpdateStaff } from './schema.js';
import { TITLES, type Title } from './titles.js';

export const STAFF = t('人员', 'Staff member');

interface Checked {
  idNumber: string | null;
}

async function check(
  tx: { db: Trx; now: number },
  input: CreateStaff | UpdateStaff,
  id: number | null,
  departmentChanged: boolean,
): Promise<Checked> {
  const dept = await repo.findDepartment(tx.db, input.departmentId);
  if (!dept)
    throw invalid(
      'departmentId',
      t(`科室不存在(编号 ${input.departmentId})`, `Department ${input.departmentId} does not exist`),
    );
  if (departmentChanged && dept.active !== 1) {
    throw invalid(
      'departmentId',
      t('该科室已停用,请选择在用的科室', 'This department is deactivated; choose one in use'),
    );
  }
  if (await repo.codeTaken(tx.db, input.code, id)) {
    throw conflict(
      'duplicate',
      t(`人员工号“${input.code}”已被使用`, `The staff code "${input.code}" is already used`),
      'code',
    );
  }
  let idNumber: string | null = null;
  if (input.idNumber) {
    const p = parseIdNumber(input.idNumber, tx.now);
    if (!p.ok) throw invalid('idNumber', p.message);
    if (p.sex !== input.gender) {
      throw invalid(
        'idNumber',
        t(
          `身份证号显示性别为${p.sex === 'M' ? '男' : '女'},与所选性别不符`,
          `The ID number says ${p.sex === 'M' ? 'male' : 'female'}, which does not match the gender chosen`,
        ),
      );
    }
    idNumber = p.normalized;
    if (await repo.idNumberTaken(tx.db, idNumber, id)) {
      throw conflict(
        'duplicate',
        t('该身份证号已登记给另一名人员', 'This ID number is already registered to another staff member'),
        'idNumber',
      );
    }
  }
  return { idNumber };
}

export function createStaffService(deps: Pick<ModuleContext, 'db' | 'uow' | 'auth'>) {
  const { db, uow, auth } = deps;
  return {
    titles(): readonly Title[] {
      return TITLES;
    },

    async list(q: StaffQuery): Promise<StaffView[]> {
      if (q.q) await fillOnce(db, 'staff', () => uow.write((tx) => repo.fillSearchWords(tx.db)));
      return repo.list(db, q);
    },

    create(actor: Actor, input: CreateStaff): Promise<StaffView> {
      return uow.write(async (tx) => {
        const c = await check(tx, input, null, true);
        const py = pinyinKeys(input.name, { surname: true });
        const id = await repo.insert(
          tx.db,
          { ...input, idNumber: c.idNumber, pinyinInitials: py.initials, pinyinFull: py.full },
          tx.now,
        );
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'staff.create', entity: 'staff', entityId: id, before: null, after });
        tx.emit(staffChanged(id, 'created'));
        return after;
      });
    },

    async update(actor: Actor, id: number, input: UpdateStaff): Promise<StaffView> {
      const r = await uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(STAFF, id);
        if (before.version !== input.version) throw staleVersion(STAFF);
        const c = await check(tx, input, id, before.departmentId !== input.departmentId);
        const py = pinyinKeys(input.name, { surname: true });
        await repo.update(
          tx.db,
          id,
          { ...input, idNumber: c.idNumber, pinyinInitials: py.initials, pinyinFull: py.full },
          tx.now,
        );
        const deactivated = before.active && !input.active;
        if (deactivated && before.userId !== null) {
          await revokeUserSessions(tx.db, before.userId, tx.now);
          await assertUserAdminRemains(tx.db, 'active');
        }
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'staff.update', entity: 'staff', entityId: id, before, after });
        tx.emit(staffChanged(id, 'updated'));
        return { after, deactivated };
      });
      // After commit: a user's cached name, department or access follows the staff record.
      if (r.after.userId !== null) auth.invalidateUser(r.after.userId, { endSessions: r.deactivated });
      return r.after;
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
