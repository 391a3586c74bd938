// The devices module: card readers now (printers are their own module). The factory starts
// the background service and registers its stop; tests reach the running service (e.g. the
// fake readers) through cardReadersOf(ctx).
import type { RouteDef } from '../../http/route.js';
import type { ModuleContext } from '../context.js';
import { createCardReaders, type CardReadersModule } from './card-readers.js';
import { deviceRoutes } from './routes.js';

const running = new WeakMap<object, CardReadersModule>();

export function cardReadersOf(m: ModuleContext): CardReadersModule {
  const c = running.get(m.devices);
  if (!c) throw new Error('the devices module is not running');
  return c;
}

export function devicesModule(m: ModuleContext): RouteDef[] {
  const cards = createCardReaders(m);
  running.set(m.devices, cards);
  return deviceRoutes(cards);
}
