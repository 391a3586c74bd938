// The invoice-mapping module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { invoiceMappingRoutes } from './routes.js';
import { createInvoiceMappingService } from './service.js';

export default defineModule({
  name: 'invoice-mapping',
  service: createInvoiceMappingService,
  routes: invoiceMappingRoutes,
});
