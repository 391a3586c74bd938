// The catalog module's wiring (server/modules/define.ts); other modules use its index.ts.
// Two route sets: the chargeable items as the stations read them, and their maintenance.
import { defineModule } from '../define.js';
import { catalogAdminRoutes } from './admin-routes.js';
import { catalogRoutes } from './routes.js';
import { createCatalogService } from './service.js';

export default defineModule({
  name: 'catalog',
  service: createCatalogService,
  routes: (catalog, ctx) => [...catalogRoutes(catalog), ...catalogAdminRoutes(ctx)],
});
