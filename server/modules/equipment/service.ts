// Equipment (医疗设备): the rules. Asset codes are unique; the location is a department;
// a purchase date is not in the future; a scrapped item takes no new service entries and
// cannot be un-scrapped; maintenance and calibration entries move the next due date by the
// item's interval; the service log is append-only and every status change is logged.
import type { Actor } from '../../http/actor.js';
import { conflict, invalid, notFound, staleVersion } from '../../../core/errors.js';
import { t } from '../../../core/i18n.js';
import { pinyinKeys } from '../../../db/pinyin.js';
import type { Trx, Tx } from '../../lib/uow.js';
import type { ModuleContext } from '../context.js';
import { addDays } from '../../../core/calendar.js';
import { businessToday } from '../settings/index.js';
import { equipmentChanged } from './events.js';
import * as repo from './repo.js';
import type {
  CreateEquipment,
  EquipmentQuery,
  EquipmentView,
  LogEntryInput,
  LogEntryView,
  UpdateEquipment,
} from './schema.js';

export const EQUIPMENT = t('设备', 'Equipment');
export const DEFAULT_DUE_DAYS = 30;

/** Today at the center (its calendar, settings from memory). */
function today(db: ModuleContext['db'] | Trx, now: number): Promise<string> {
  return businessToday(db, now);
}

async function check(tx: Tx, input: CreateEquipment | UpdateEquipment, exceptId: number | null): Promise<void> {
  if (input.purchaseDate && input.purchaseDate > (await today(tx.db, tx.now))) {
    throw invalid('purchaseDate', t('购置日期不能晚于今天', 'The purchase date cannot be in the future'));
  }
  if (!(await repo.departmentExists(tx.db, input.locationId))) {
    throw invalid(
      'locationId',
      t(`存放科室 ${input.locationId} 不存在`, `Location department ${input.locationId} does not exist`),
    );
  }
  if (await repo.codeTaken(tx.db, input.assetCode, exceptId)) {
    throw conflict(
      'duplicate',
      t(`资产编号“${input.assetCode}”已被使用`, `The asset code "${input.assetCode}" is already used`),
      'assetCode',
    );
  }
}

export function createEquipmentService(deps: Pick<ModuleContext, 'db' | 'uow' | 'clock'>) {
  const { db, uow, clock } = deps;
  return {
    async list(q: EquipmentQuery): Promise<{ today: string; items: EquipmentView[] }> {
      return { today: await today(db, clock.now()), items: await repo.list(db, q) };
    },

    /** Items due for maintenance or calibration within `days` (default 30), overdue included. */
    async due(days = DEFAULT_DUE_DAYS): Promise<{ today: string; until: string; items: EquipmentView[] }> {
      const d = await today(db, clock.now());
      const until = addDays(d, days);
      return { today: d, until, items: await repo.due(db, until) };
    },

    async get(id: number): Promise<EquipmentView> {
      const e = await repo.findById(db, id);
      if (!e) throw notFound(EQUIPMENT, id);
      return e;
    },

    async log(id: number): Promise<LogEntryView[]> {
      await this.get(id);
      return repo.logOf(db, id);
    },

    create(actor: Actor, input: CreateEquipment): Promise<EquipmentView> {
      return uow.write(async (tx) => {
        await check(tx, input, null);
        const d = await today(tx.db, tx.now);
        const py = pinyinKeys(input.name);
        const id = await repo.insert(
          tx.db,
          {
            ...input,
            nextMaintenanceDue:
              input.nextMaintenanceDue ??
              (input.maintenanceIntervalDays ? addDays(d, input.maintenanceIntervalDays) : null),
            nextCalibrationDue:
              input.nextCalibrationDue ??
              (input.calibrationIntervalDays ? addDays(d, input.calibrationIntervalDays) : null),
            pinyinInitials: py.initials,
            pinyinFull: py.full,
          },
          tx.now,
        );
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'equipment.create', entity: 'equipment', entityId: id, before: null, after });
        tx.emit(equipmentChanged(id, 'created'));
        return after;
      });
    },

    update(actor: Actor, id: number, input: UpdateEquipment): Promise<EquipmentView> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(EQUIPMENT, id);
        if (before.version !== input.version) throw staleVersion(EQUIPMENT);
        if (before.status === 'scrapped' && input.status !== 'scrapped') {
          throw conflict(
            'equipment_scrapped',
            t('已报废的设备不能恢复使用', 'A scrapped item cannot be put back into use'),
            'status',
          );
        }
        await check(tx, input, id);
        const py = pinyinKeys(input.name);
        await repo.update(tx.db, id, { ...input, pinyinInitials: py.initials, pinyinFull: py.full }, tx.now);
        if (before.status !== input.status) {
          await repo.insertLog(
            tx.db,
            {
              equipmentId: id,
              kind: 'status_change',
              day: await today(tx.db, tx.now),
              performedBy: actor.staffName,
              note: null,
              costFen: 0,
              result: null,
              statusBefore: before.status,
              statusAfter: input.status,
              userId: actor.userId,
            },
            tx.now,
          );
        }
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, { action: 'equipment.update', entity: 'equipment', entityId: id, before, after });
        tx.emit(equipmentChanged(id, 'updated'));
        return after;
      });
    },

    addLog(actor: Actor, id: number, input: LogEntryInput): Promise<{ equipment: EquipmentView; entry: LogEntryView }> {
      return uow.write(async (tx) => {
        const before = await repo.findById(tx.db, id);
        if (!before) throw notFound(EQUIPMENT, id);
        if (before.version !== input.version) throw staleVersion(EQUIPMENT);
        if (before.status === 'scrapped') {
          throw conflict(
            'equipment_scrapped',
            t(
              '已报废的设备不能再登记维护、计量或维修',
              'A scrapped item takes no new maintenance, calibration or repair entries',
            ),
            'kind',
          );
        }
        if (input.day > (await today(tx.db, tx.now)))
          throw invalid('day', t('日期不能晚于今天', 'The date cannot be in the future'));
        let { nextMaintenanceDue, nextCalibrationDue } = before;
        if (input.kind === 'maintenance' && before.maintenanceIntervalDays)
          nextMaintenanceDue = addDays(input.day, before.maintenanceIntervalDays);
        if (input.kind === 'calibration' && before.calibrationIntervalDays)
          nextCalibrationDue = addDays(input.day, before.calibrationIntervalDays);
        const entry = await repo.insertLog(
          tx.db,
          {
            equipmentId: id,
            kind: input.kind,
            day: input.day,
            performedBy: input.performedBy,
            note: input.note,
            costFen: input.costFen,
            result: input.result,
            statusBefore: null,
            statusAfter: null,
            userId: actor.userId,
          },
          tx.now,
        );
        await repo.setDue(tx.db, id, { nextMaintenanceDue, nextCalibrationDue, status: before.status }, tx.now);
        const after = (await repo.findById(tx.db, id))!;
        await tx.audit(actor, {
          action: `equipment.log.${input.kind}`,
          entity: 'equipment',
          entityId: id,
          before,
          after,
        });
        tx.emit(equipmentChanged(id, 'logged'));
        return { equipment: after, entry };
      });
    },
  };
}

export type EquipmentService = ReturnType<typeof createEquipmentService>;
