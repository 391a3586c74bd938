// The stock documents module: routes plus the price adjustment job (stopped with the server).
import type { RouteDef } from '../../http/route.js';
import type { ModuleContext } from '../context.js';
import { startPriceAdjustmentJob } from './price-adjustment.js';
import { inventoryRoutes } from './routes.js';
import { createInventoryService } from './service.js';

export function inventoryModule(m: ModuleContext): RouteDef[] {
  startPriceAdjustmentJob(m);
  return inventoryRoutes(createInventoryService(m));
}
