// The display module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { displayRoutes } from './routes.js';
import { createDisplayService } from './service.js';

export default defineModule({
  name: 'display',
  service: createDisplayService,
  routes: displayRoutes,
});
