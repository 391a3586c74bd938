// The queue module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { queueRoutes } from './routes.js';
import { createQueueService } from './service.js';

export default defineModule({
  name: 'queue',
  service: createQueueService,
  routes: queueRoutes,
});
