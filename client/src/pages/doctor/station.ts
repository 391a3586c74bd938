// The doctor station's entry in the station registry (client/src/stations.ts).
import type { Station } from '../../stations.js';
import { t } from './i18n.js';
import { DoctorPage } from './page.js';

export const doctorStation: Station = {
  id: 'doctor',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/doctor',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('outpatient.consult'),
  routes: { '/doctor': { view: DoctorPage, title: () => t('page.title') } },
  rooms: (_p, ctx) => [`dept:${ctx.departmentId}`],
};
