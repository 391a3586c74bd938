// The billing module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { billingRoutes } from './routes.js';

export default defineModule({
  name: 'billing',
  routes: (_, ctx) => billingRoutes(ctx),
});
