// The users module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { userRoutes } from './routes.js';
import { createUsersService } from './service.js';

export default defineModule({
  name: 'users',
  service: createUsersService,
  routes: userRoutes,
});
