// The suppliers module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { supplierRoutes } from './routes.js';
import { createSuppliersService } from './service.js';

export default defineModule({
  name: 'suppliers',
  service: createSuppliersService,
  routes: supplierRoutes,
});
