// The equipment module's wiring (server/modules/define.ts): routes plus the daily due alert
// (stopped with the server).
import { defineModule } from '../define.js';
import { startDueAlerts } from './due-alert.js';
import { equipmentRoutes } from './routes.js';
import { createEquipmentService } from './service.js';

export default defineModule({
  name: 'equipment',
  service: createEquipmentService,
  routes: equipmentRoutes,
  jobs: (equipment, ctx) => startDueAlerts(ctx, equipment),
});
