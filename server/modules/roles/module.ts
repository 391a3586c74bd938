// The roles module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { roleRoutes } from './routes.js';
import { createRolesService } from './service.js';

export default defineModule({
  name: 'roles',
  service: createRolesService,
  routes: roleRoutes,
});
