// The outpatient module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { outpatientRoutes } from './routes.js';
import { createOutpatientService } from './service.js';

export default defineModule({
  name: 'outpatient',
  service: createOutpatientService,
  routes: outpatientRoutes,
});
