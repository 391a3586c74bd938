// The roster module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { rosterRoutes } from './routes.js';
import { createRosterService } from './service.js';

export default defineModule({
  name: 'roster',
  service: createRosterService,
  routes: rosterRoutes,
});
