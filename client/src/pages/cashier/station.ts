// The cashier station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

import { canManageBooks } from './perms.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const CashierPage = lazyPage(() => import('./page.js').then((m) => m.CashierPage));

export const cashierStation: Station = {
  id: 'cashier',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/cashier',
  glyph: () => t('station.glyph'),
  allowed: (p) => p.has('billing.charge') || canManageBooks(p),
  routes: { '/cashier': { view: CashierPage, title: () => t('page.title') } },
  rooms: (p) => (p.has('billing.charge') ? ['cashier'] : []),
};
