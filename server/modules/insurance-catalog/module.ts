// The insurance catalog module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { insuranceCatalogRoutes } from './routes.js';
import { createInsuranceCatalogService } from './service.js';

export default defineModule({
  name: 'insurance-catalog',
  service: (ctx) => createInsuranceCatalogService(ctx),
  routes: insuranceCatalogRoutes,
});
