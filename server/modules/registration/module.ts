// The registration module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { registrationRoutes } from './routes.js';
import { createRegistrationService } from './service.js';

export default defineModule({
  name: 'registration',
  service: createRegistrationService,
  routes: registrationRoutes,
});
