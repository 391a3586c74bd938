// The store station's report pages (owned by the reports engineer): routes and nav entries
// that client/src/pages/store/station.ts spreads into the station.
// The pages load on demand (client/src/lazy.ts): few desks open the store's reports.
import type { StationRoute } from '../../../stations.js';
import { lazyPage } from '../../../lazy.js';
import { t } from './i18n.js';

const OnHandPage = lazyPage(() => import('./on-hand.js').then((m) => m.OnHandPage));
const LedgerPage = lazyPage(() => import('./ledger.js').then((m) => m.LedgerPage));
const MonthlyPage = lazyPage(() => import('./monthly.js').then((m) => m.MonthlyPage));
const AlertsPage = lazyPage(() => import('./alerts.js').then((m) => m.AlertsPage));

export const REPORT_PATHS = {
  onHand: '/store/reports/on-hand',
  ledger: '/store/reports/ledger',
  monthly: '/store/reports/monthly',
  alerts: '/store/reports/alerts',
};

export const REPORT_ROUTES: Record<string, StationRoute> = {
  [REPORT_PATHS.onHand]: { view: OnHandPage, title: () => t('title.onHand') },
  [REPORT_PATHS.ledger]: { view: LedgerPage, title: () => t('title.ledger') },
  [REPORT_PATHS.monthly]: { view: MonthlyPage, title: () => t('title.monthly') },
  [REPORT_PATHS.alerts]: { view: AlertsPage, title: () => t('title.alerts') },
};

export const REPORT_NAV: Array<{ path: string; title: () => string }> = [
  { path: REPORT_PATHS.onHand, title: () => t('nav.onHand') },
  { path: REPORT_PATHS.ledger, title: () => t('nav.ledger') },
  { path: REPORT_PATHS.monthly, title: () => t('nav.monthly') },
  { path: REPORT_PATHS.alerts, title: () => t('nav.alerts') },
];
