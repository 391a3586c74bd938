// The cashier station's entry in the station registry (client/src/stations.ts).
import type { Station } from '../../stations.js';
import { t } from './i18n.js';
import { CashierPage } from './page.js';

/** Who may hand out invoice books (billing.invoice-books: the administrator and finance by default). */
export const canManageBooks = (p: Set<string>) => p.has('billing.invoice-books');

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
