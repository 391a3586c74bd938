// The diagnoses module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { diagnosisRoutes } from './routes.js';
import { createDiagnosesService } from './service.js';

export default defineModule({
  name: 'diagnoses',
  service: createDiagnosesService,
  routes: diagnosisRoutes,
});
