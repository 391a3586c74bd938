// The stock documents module's wiring (server/modules/define.ts): routes plus the price
// adjustment job (stopped with the server).
import { defineModule } from '../define.js';
import { startPriceAdjustmentJob } from './price-adjustment.js';
import { inventoryRoutes } from './routes.js';
import { createInventoryService } from './service.js';

export default defineModule({
  name: 'inventory',
  service: createInventoryService,
  routes: inventoryRoutes,
  jobs: (_, ctx) => startPriceAdjustmentJob(ctx),
});
