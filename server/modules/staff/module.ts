// The staff module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { staffRoutes } from './routes.js';
import { createStaffService } from './service.js';

export default defineModule({
  name: 'staff',
  service: createStaffService,
  routes: staffRoutes,
});
