// The clinics module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { clinicRoutes } from './routes.js';
import { createClinicsService } from './service.js';

export default defineModule({
  name: 'clinics',
  service: createClinicsService,
  routes: clinicRoutes,
});
