// The cashier station's entry in the station registry (client/src/stations.ts).
import { lazyPage } from '../../lazy.js';
import type { Station } from '../../station-types.js';
import { t } from './station.i18n.js';

import { canManageBooks } from './perms.js';

// The station's page loads on first use, in its own chunk (client/src/lazy.ts).
const CashierPage = lazyPage(() => import('./page.js').then((m) => m.CashierPage));
// 医保对账 (insurance-recon), for the cashier lead / finance (insurance.reconcile).
const ReconPage = lazyPage(() => import('../insurance/recon.js').then((m) => m.InsuranceReconPage));
// 住院登记 (stays: admissions and deposits), for inpatient.admit.
const StaysPage = lazyPage(() => import('../stays/page.js').then((m) => m.StaysPage));

export const cashierStation: Station = {
  id: 'cashier',
  title: () => t('station.title'),
  description: () => t('station.desc'),
  route: '/cashier',
  glyph: () => t('station.glyph'),
  allowed: (p) =>
    p.has('billing.charge') || canManageBooks(p) || p.has('insurance.reconcile') || p.has('inpatient.admit'),
  routes: {
    '/cashier': { view: CashierPage, title: () => t('page.title') },
    '/cashier/insurance-recon': {
      view: ReconPage,
      title: () => t('page.recon'),
      allowed: (p) => p.has('insurance.reconcile'),
    },
    '/cashier/stays': { view: StaysPage, title: () => t('page.stays'), allowed: (p) => p.has('inpatient.admit') },
  },
  rooms: (p) => (p.has('billing.charge') || p.has('inpatient.admit') ? ['cashier'] : []),
};
