// The printing station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const PrintingPage = lazyPage(() => import('./page.js').then((m) => m.PrintingPage));

export const printingStation: Station = {
  id: 'printing',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/printing',
  glyph: () => t('station.glyph'),
  // The desks that print (registration, cashier, pharmacy) and whoever manages devices.
  allowed: (p) =>
    ['devices.manage', 'registration.register', 'billing.charge', 'pharmacy.dispense'].some((x) => p.has(x)),
  routes: { '/printing': { view: PrintingPage, title: () => t('page.title') } },
  // Job updates go to the workstation's room, which every socket of the workstation joins.
  rooms: () => [],
};
