// The patients module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { patientRoutes } from './routes.js';
import { createPatientsService } from './service.js';

export default defineModule({
  name: 'patients',
  service: createPatientsService,
  routes: patientRoutes,
});
