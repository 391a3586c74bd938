// The orders module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { orderRoutes } from './routes.js';
import { createOrdersService } from './service.js';

export default defineModule({
  name: 'orders',
  service: createOrdersService,
  routes: orderRoutes,
});
