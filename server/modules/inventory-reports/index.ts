// The stock reports module: report routes plus the daily expiry alert (stopped with the server).
import type { RouteDef } from '../../http/route.js';
import type { ModuleContext } from '../context.js';
import { startExpiryAlerts } from './daily-alert.js';
import { inventoryReportRoutes } from './routes.js';
import { createInventoryReportsService } from './service.js';

export function inventoryReportsModule(m: ModuleContext): RouteDef[] {
  const reports = createInventoryReportsService(m);
  startExpiryAlerts(m, reports);
  return inventoryReportRoutes(reports);
}
