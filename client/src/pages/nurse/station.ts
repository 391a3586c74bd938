// The nurse station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const NursePage = lazyPage(() => import('./page.js').then((m) => m.NursePage));

export const nurseStation: Station = {
  id: 'nurse',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/nurse',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('inpatient.nurse'),
  routes: { '/nurse': { view: NursePage, title: () => t('page.title') } },
  // The ward's room (ward:<id>) is joined by the page once it knows which ward it serves.
};
