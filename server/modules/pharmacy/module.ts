// The pharmacy module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { pharmacyRoutes } from './routes.js';
import { createPharmacyService } from './service.js';

export default defineModule({
  name: 'pharmacy',
  service: createPharmacyService,
  routes: pharmacyRoutes,
});
