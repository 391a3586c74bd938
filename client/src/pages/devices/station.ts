// The devices station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const DevicesPage = lazyPage(() => import('./page.js').then((m) => m.DevicesPage));

export const devicesStation: Station = {
  id: 'devices',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/devices',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('devices.manage'),
  routes: { '/devices': { view: DevicesPage, title: () => t('page.title') } },
  // Reader state changes go to the admin room (no personal data in them).
  rooms: (p) => ([...p].some((x) => x.startsWith('admin.')) ? ['admin'] : []),
};
