// The devices station's entry in the station registry (client/src/stations.ts).
import type { Station } from '../../stations.js';
import { t } from './i18n.js';
import { DevicesPage } from './page.js';

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
