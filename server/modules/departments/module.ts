// The departments module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { departmentRoutes } from './routes.js';
import { createDepartmentsService } from './service.js';

export default defineModule({
  name: 'departments',
  service: createDepartmentsService,
  routes: departmentRoutes,
});
