// Departments (科室): the rules. Codes and names are unique; a department that still has
// active staff cannot be deactivated; a department that workstations dispense from stays a
// pharmacy.
import type { Actor } from '../../http/actor.js';
import { conflict, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { assertStoreFreeToChange, ensureStockLocation, recordEnsured } from '../stock-locations/index.js';
import { departmentChanged } from './events.js';
import * as repo from './repo.js';
import type { CreateDepartment, DepartmentQuery, DepartmentView, UpdateDepartment } from './schema.js';

export const DEPARTMENT = t('科室', 'Department');

async function assertUnique(db: Trx, code: string, name: string, exceptId: number | null): Promise<void> {
  const clash = await repo.findClash(db, code, name, exceptId);
  if (clash.code)
    throw conflict(
      'duplicate',
      t(`科室代码“${code}”已被使用`, `The department code "${code}" is already used`),
      'code',
    );
  if (clash.name)
    throw conflict(
      'duplicate',
      t(`科室名称“${name}”已被使用`, `The department name "${name}" is already used`),
      'name',
    );
}

export function createDepartmentsService(deps: Pick<ModuleContext, 'db' | 'uow'>) {
  const { db, uow } = deps;
  return {
    list(q: DepartmentQuery): Promise<DepartmentView[]> {
      return repo.list(db, q);
    },

    async get(id: number): Promise<DepartmentView> {
      const d = await repo.findById(db, id);
      if (!d) throw notFound(DEPARTMENT, id);
      return d;
    },

    create(actor: Actor, input: CreateDepartment): Promise<DepartmentView> {
      return uow.write(async (tx) => {
        await assertUnique(tx.db, input.code, input.name, null);
        const py = pinyinKeys(input.name);
        // The row as inserted (RETURNING): the stock location below does not change it.
        const after = await repo.insert(tx.db, { ...input, pinyinInitials: py.initials, pinyinFull: py.full }, tx.now);
        const id = after.id;
        const stock = await ensureStockLocation(tx.db, { id, kind: input.kind }, tx.now);
        if (stock) await recordEnsured(tx, actor, id, stock);
        await tx.audit(actor, { action: 'department.create', entity: 'department', entityId: id, before: null, after });
        tx.emit(departmentChanged(id, 'created'));
        return after;
      });
    },

    update(actor: Actor, id: number, input: UpdateDepartment): Promise<DepartmentView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(DEPARTMENT, id);
        if (before.version !== input.version) throw staleVersion(DEPARTMENT);
        await assertUnique(tx.db, input.code, input.name, id);
        if (before.active && !input.active) {
          const n = await repo.countActiveStaff(tx.db, id);
          if (n > 0) {
            throw conflict(
              'department_has_staff',
              t(
                `该科室还有 ${n} 名在职人员,请先调整人员所属科室或停用人员`,
                `This department still has ${n} active staff; move or deactivate them first`,
              ),
              'active',
            );
          }
        }
        if (before.kind === 'pharmacy' && input.kind !== 'pharmacy') {
          const n = await repo.countPharmacyUsers(tx.db, id);
          if (n > 0) {
            throw conflict(
              'department_in_use',
              t(
                `有 ${n} 个工作站以该科室为默认药房,不能改为其他类型`,
                `${n} workstations use this department as their default pharmacy; it must stay a pharmacy`,
              ),
              'kind',
            );
          }
        }
        await assertStoreFreeToChange(tx.db, before, input);
        const py = pinyinKeys(input.name);
        await repo.update(tx.db, id, { ...input, pinyinInitials: py.initials, pinyinFull: py.full }, tx.now);
        const stock = await ensureStockLocation(tx.db, { id, kind: input.kind }, tx.now);
        if (stock) await recordEnsured(tx, actor, id, stock);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'department.update', entity: 'department', entityId: id, before, after });
        tx.emit(departmentChanged(id, 'updated'));
        return after;
      });
    },
  };
}

export type DepartmentsService = ReturnType<typeof createDepartmentsService>;
