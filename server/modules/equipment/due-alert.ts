// The due alert: at server start and then once a day, when any item's maintenance or
// calibration is due within 30 days or overdue, publish `equipment:due` to the `admin` room
// (through the event log, so a client that reconnects later still gets it). Nothing is
// written when nothing is due. The timer is unref'd and stopped with the server.
import { startDailyCheck } from '../../jobs/daily-check.js';
import type { ModuleContext } from '../context.js';
import { equipmentDue } from './events.js';
import { DEFAULT_DUE_DAYS, type EquipmentService } from './service.js';

export function startDueAlerts(
  m: Pick<ModuleContext, 'uow' | 'devices' | 'logger'>,
  equipment: EquipmentService,
): void {
  startDailyCheck(m, 'equipment due check', async () => {
    const due = await equipment.due(DEFAULT_DUE_DAYS);
    if (due.items.length === 0) return [];
    const overdue = due.items.filter(
      (e) =>
        (e.nextMaintenanceDue !== null && e.nextMaintenanceDue < due.today) ||
        (e.nextCalibrationDue !== null && e.nextCalibrationDue < due.today),
    ).length;
    return [
      equipmentDue({
        today: due.today,
        until: due.until,
        due: due.items.length,
        overdue,
        ids: due.items.map((e) => e.id),
      }),
    ];
  });
}
