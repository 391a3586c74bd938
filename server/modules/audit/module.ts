// The audit module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { auditRoutes } from './routes.js';

export default defineModule({
  name: 'audit',
  routes: (_, ctx) => auditRoutes(ctx.audit),
});
