// The doctor station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const DoctorPage = lazyPage(() => import('./page.js').then((m) => m.DoctorPage));

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
