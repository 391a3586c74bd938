// The equipment module: routes plus the daily due alert (stopped with the server).
import type { RouteDef } from '../../http/route.js';
import type { ModuleContext } from '../context.js';
import { startDueAlerts } from './due-alert.js';
import { equipmentRoutes } from './routes.js';
import { createEquipmentService } from './service.js';

export function equipmentModule(m: ModuleContext): RouteDef[] {
  const equipment = createEquipmentService(m);
  startDueAlerts(m, equipment);
  return equipmentRoutes(equipment);
}
