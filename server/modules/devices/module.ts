// The devices module's wiring (server/modules/define.ts): the card readers' background
// service and its routes.
import { defineModule } from '../define.js';
import { runCardReaders } from './index.js';
import { deviceRoutes } from './routes.js';

export default defineModule({
  name: 'devices',
  service: runCardReaders,
  routes: deviceRoutes,
});
