// The beds module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { bedRoutes } from './routes.js';
import { createBedsService } from './service.js';

export default defineModule({
  name: 'beds',
  service: createBedsService,
  routes: bedRoutes,
});
