// The stock-locations module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { stockLocationRoutes } from './routes.js';
import { createStockLocationsService } from './service.js';

export default defineModule({
  name: 'stock-locations',
  service: createStockLocationsService,
  routes: stockLocationRoutes,
});
