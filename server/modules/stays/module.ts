// The stays module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { stayRoutes } from './routes.js';
import { createStaysService } from './service.js';

export default defineModule({
  name: 'stays',
  service: createStaysService,
  routes: stayRoutes,
});
