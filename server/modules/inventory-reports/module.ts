// The stock reports module's wiring (server/modules/define.ts): report routes plus the daily
// expiry alert (stopped with the server).
import { defineModule } from '../define.js';
import { startExpiryAlerts } from './daily-alert.js';
import { inventoryReportRoutes } from './routes.js';
import { createInventoryReportsService } from './service.js';

export default defineModule({
  name: 'inventory-reports',
  service: createInventoryReportsService,
  routes: inventoryReportRoutes,
  jobs: (reports, ctx) => startExpiryAlerts(ctx, reports),
});
