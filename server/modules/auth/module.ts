// The auth module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { authRoutes } from './routes.js';

export default defineModule({
  name: 'auth',
  routes: (_, ctx) => authRoutes(ctx.auth),
});
