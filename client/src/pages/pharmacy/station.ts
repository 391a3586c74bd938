// The pharmacy station's entry in the station registry (client/src/stations.ts).
import type { Station } from '../../stations.js';
import { t } from './i18n.js';
import { PharmacyPage } from './page.js';

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
