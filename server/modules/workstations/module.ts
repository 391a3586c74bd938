// The workstations module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { bindingsOf } from './bindings.js';
import { workstationRoutes } from './routes.js';
import { createWorkstationsService } from './service.js';

export default defineModule({
  name: 'workstations',
  service: createWorkstationsService,
  routes: (workstations, ctx) => workstationRoutes(workstations, bindingsOf(ctx)),
});
