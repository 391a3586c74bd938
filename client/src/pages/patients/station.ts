// The patients station's entry in the station registry.
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const PatientsPage = lazyPage(() => import('./page.js').then((m) => m.PatientsPage));

export const patientsStation: Station = {
  id: 'patients',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/patients',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('patients.read'),
  routes: { '/patients': { view: PatientsPage, title: () => t('station.title') } },
  rooms: (p) => (p.has('registration.register') ? ['registration'] : p.has('billing.charge') ? ['cashier'] : []),
};
