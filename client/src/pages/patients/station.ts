// The patients station's entry in the station registry.
import type { Station } from '../../stations.js';
import { t } from './i18n.js';
import { PatientsPage } from './page.js';

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
