// Workstations (工作站): a named place with its devices — printers, card reader — and its
// default department and pharmacy. A browser is bound to one on the server (bindings.ts).
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Trx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { bindingsOf } from './bindings.js';
import { workstationChanged } from './events.js';
import * as repo from './repo.js';
import type { CreateWorkstation, UpdateWorkstation, WorkstationQuery, WorkstationView } from './schema.js';

export const WORKSTATION = t('工作站', 'Workstation');

async function check(
  db: Trx,
  input: CreateWorkstation | UpdateWorkstation,
  id: number | null,
  before: WorkstationView | null,
): Promise<void> {
  if (await repo.codeTaken(db, input.code, id)) {
    throw conflict(
      'duplicate',
      t(`工作站代码“${input.code}”已被使用`, `The workstation code "${input.code}" is already used`),
      'code',
    );
  }
  if (input.departmentId !== null) {
    const d = await repo.findDepartment(db, input.departmentId);
    if (!d)
      throw invalid(
        'departmentId',
        t(`科室不存在(编号 ${input.departmentId})`, `Department ${input.departmentId} does not exist`),
      );
    if (d.active !== 1 && before?.departmentId !== input.departmentId) {
      throw invalid(
        'departmentId',
        t('该科室已停用,请选择在用的科室', 'This department is deactivated; choose one in use'),
      );
    }
  }
  if (input.defaultPharmacyId !== null) {
    const p = await repo.findDepartment(db, input.defaultPharmacyId);
    if (!p)
      throw invalid(
        'defaultPharmacyId',
        t(`药房不存在(编号 ${input.defaultPharmacyId})`, `Department ${input.defaultPharmacyId} does not exist`),
      );
    if (p.kind !== 'pharmacy')
      throw invalid(
        'defaultPharmacyId',
        t('默认药房必须是“药房”类型的科室', 'The default pharmacy must be a department of kind pharmacy'),
      );
    if (p.active !== 1 && before?.defaultPharmacyId !== input.defaultPharmacyId) {
      throw invalid(
        'defaultPharmacyId',
        t('该药房已停用,请选择在用的药房', 'This pharmacy is deactivated; choose one in use'),
      );
    }
  }
}

export function createWorkstationsService(deps: Pick<ModuleContext, 'db' | 'uow' | 'auth' | 'clock'>) {
  const { db, uow, auth } = deps;
  const bindings = bindingsOf(deps);
  return {
    list(q: WorkstationQuery): Promise<WorkstationView[]> {
      return repo.list(db, q);
    },

    find(id: number): Promise<WorkstationView | undefined> {
      return repo.findById(db, id);
    },

    async create(actor: Actor, input: CreateWorkstation): Promise<WorkstationView> {
      const after = await uow.write(async (tx) => {
        await check(tx.db, input, null, null);
        const id = await repo.insert(tx.db, { ...input, pinyinInitials: pinyinKeys(input.name).initials }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: 'workstation.create',
          entity: 'workstation',
          entityId: id,
          before: null,
          after,
        });
        tx.emit(workstationChanged(id, 'created'));
        return after;
      });
      auth.invalidateWorkstations();
      bindings.invalidate();
      return after;
    },

    async update(actor: Actor, id: number, input: UpdateWorkstation): Promise<WorkstationView> {
      const after = await uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(WORKSTATION, id);
        if (before.version !== input.version) throw staleVersion(WORKSTATION);
        await check(tx.db, input, id, before);
        await repo.update(tx.db, id, { ...input, pinyinInitials: pinyinKeys(input.name).initials }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'workstation.update', entity: 'workstation', entityId: id, before, after });
        tx.emit(workstationChanged(id, 'updated'));
        return after;
      });
      auth.invalidateWorkstations();
      bindings.invalidate();
      return after;
    },
  };
}

export type WorkstationsService = ReturnType<typeof createWorkstationsService>;
