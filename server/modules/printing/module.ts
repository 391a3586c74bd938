// The printing module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { printingRoutes } from './routes.js';
import { createPrintingService } from './service.js';

export default defineModule({
  name: 'printing',
  service: createPrintingService,
  routes: printingRoutes,
});
