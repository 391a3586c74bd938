// Every domain module's routes. A new module adds its folder and one line here.
import type { RouteDef } from '../http/route.js';
import type { ModuleContext } from './context.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';

export function moduleRoutes(m: ModuleContext): RouteDef[] {
  return [...authRoutes(m.auth), ...auditRoutes(m.audit)];
}
