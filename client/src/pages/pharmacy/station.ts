// The pharmacy station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const PharmacyPage = lazyPage(() => import('./page.js').then((m) => m.PharmacyPage));

export const pharmacyStation: Station = {
  id: 'pharmacy',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/pharmacy',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('pharmacy.dispense'),
  routes: { '/pharmacy': { view: PharmacyPage, title: () => t('page.title') } },
  // The pharmacy's own room (pharmacy:<id>) is joined by the page once it knows which pharmacy it serves.
};
