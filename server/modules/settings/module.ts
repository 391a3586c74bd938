// The settings module's wiring (server/modules/define.ts); other modules use its index.ts.
import { defineModule } from '../define.js';
import { settingsRoutes } from './routes.js';
import { createSettingsService } from './service.js';

export default defineModule({
  name: 'settings',
  service: createSettingsService,
  routes: settingsRoutes,
});
