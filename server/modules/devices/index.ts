// The devices module's public entry: card readers now (printers are their own module). Its
// wiring (module.ts) starts the background service with runCardReaders, which registers its
// stop; tests reach the running service (e.g. the fake readers) through cardReadersOf(ctx).
import type { ModuleContext } from '../context.js';
import { createCardReaders, type CardReadersModule } from './card-readers.js';

const running = new WeakMap<object, CardReadersModule>();

export function cardReadersOf(m: ModuleContext): CardReadersModule {
  const c = running.get(m.devices);
  if (!c) throw new Error('the devices module is not running');
  return c;
}

/** Starts the card readers of a server (once, from module.ts). */
export function runCardReaders(m: ModuleContext): CardReadersModule {
  const cards = createCardReaders(m);
  running.set(m.devices, cards);
  return cards;
}
